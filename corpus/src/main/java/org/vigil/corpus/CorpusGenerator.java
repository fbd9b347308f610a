package org.vigil.corpus;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates synthetic annotated clinical notes, deterministically for a seed: each note is assembled from the
 * {@link PhraseBank}'s section templates, so every PHI span and signal mention is correct by construction.
 *
 * <p>Seeds below {@link #HELD_OUT_SEED_START} are for development: tuning rules, writing tests, training models.
 * Seeds at or above it are the held-out evaluation range; a reported figure comes from those seeds only, and no
 * rule, lexicon or model may be fitted on them, so that scores measure generalisation rather than memory.
 */
public final class CorpusGenerator {

  /** Seeds at or above this value are reserved for evaluation (see the class comment). */
  public static final long HELD_OUT_SEED_START = 1_000_000L;

  private static final LocalDate FIRST_NOTE_DAY = LocalDate.of(2023, 1, 1);
  private static final int NOTE_DAYS = 1095;
  private static final Set<String> LINE_SECTIONS = Set.of("MSE", "SCREEN", "SAFETY", "VITALS", "CONTACTS");
  private static final Set<String> LIST_SECTIONS = Set.of("PLAN", "DISPO");

  private final long seed;
  private final PhraseBank bank;
  private int index;

  public CorpusGenerator(long seed) {
    this(seed, PhraseBank.standard());
  }

  public CorpusGenerator(long seed, PhraseBank bank) {
    this.seed = seed;
    this.bank = bank;
  }

  public long seed() {
    return seed;
  }

  /** The next note of this seed's sequence. */
  public SyntheticNote next() {
    int n = index++;
    // One independent stream per note, so note n is the same however many notes were asked for.
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
    PhraseBank.NoteLayout layout = bank.layouts().get(rnd.nextInt(bank.layouts().size()));
    boolean inpatient = layout.noteType().equals("DISCHARGE_SUMMARY") || layout.noteType().equals("PSYCH_PROGRESS");
    LocalDate day = FIRST_NOTE_DAY.plusDays(rnd.nextInt(NOTE_DAYS));
    NoteContext ctx = new NoteContext(bank, rnd, day, inpatient);
    NoteBuilder b = new NoteBuilder();
    int headerStyle = rnd.nextInt(5);
    for (String entry : layout.sections()) {
      boolean optional = entry.endsWith("?");
      String section = optional ? entry.substring(0, entry.length() - 1) : entry;
      if (optional && !ctx.chance(60)) {
        continue;
      }
      if (section.startsWith("HEADER")) {
        ctx.render(ctx.pick(bank.section(section)), b);
        b.append("\n\n");
      } else if (section.startsWith("SIGNATURE")) {
        ctx.render(ctx.pick(bank.section(section)), b);
        b.append("\n");
      } else {
        section(section, headerStyle, ctx, b);
      }
    }
    String text = b.text();
    checkNoSameKindOverlap(b.signals());
    String noteId = "syn" + seed + "-" + String.format(Locale.ROOT, "%05d", n);
    String patientId = Long.toString(10_000_000L + Math.floorMod(seed * 1_000_003L + n * 7_919L, 89_999_999L));
    String encounterId = Integer.toString(100_000 + rnd.nextInt(900_000));
    String role = ctx.pick(layout.authorRoles());
    return new SyntheticNote(noteId, patientId, encounterId, layout.noteType(), role,
        day.atTime(ctx.noteTime).toInstant(ZoneOffset.UTC), text, b.phi(), b.signals(),
        Map.of("sex", ctx.female ? "F" : "M", "birthDate", ctx.birthDate.toString(), "ageBand", ctx.ageBand()));
  }

  /** The next {@code n} notes. */
  public List<SyntheticNote> generate(int n) {
    List<SyntheticNote> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }

  private void section(String section, int headerStyle, NoteContext ctx, NoteBuilder b) {
    String header = ctx.pick(bank.headers(section));
    boolean lines = LINE_SECTIONS.contains(section);
    boolean list = LIST_SECTIONS.contains(section);
    switch (headerStyle) {
      case 0 -> b.append(header + ":\n");
      case 1 -> b.append(header.toUpperCase(Locale.ROOT) + ":\n");
      case 2 -> b.append(header + (lines || list ? ":\n" : ": "));
      case 3 -> b.append(header.toUpperCase(Locale.ROOT) + "\n");
      default -> b.append(header.toUpperCase(Locale.ROOT) + (lines || list ? ":\n" : ": "));
    }
    List<Template> pool = bank.section(section);
    int want = section.equals("CC") ? 1 : lines || list ? ctx.between(3, 6) : ctx.between(2, 5);
    List<Template> chosen = new ArrayList<>();
    List<Template> openers = bank.section(section + "_OPEN");
    if (!openers.isEmpty()) {
      chosen.add(ctx.pick(openers));
    }
    chosen.addAll(distinct(pool, Math.min(want, pool.size()), ctx, lines));
    int listStyle = ctx.between(0, 2);
    for (int i = 0; i < chosen.size(); i++) {
      if (i > 0) {
        b.append(lines || list ? "\n" : " ");
      }
      if (list) {
        b.append(switch (listStyle) {
          case 0 -> (i + 1) + ". ";
          case 1 -> "- ";
          default -> "# ";
        });
      }
      ctx.render(chosen.get(i), b);
    }
    b.append("\n\n");
  }

  /**
   * Up to {@code k} different templates; in line sections at most one per field ("Mood:", "C-SSRS:"), so an exam
   * does not report two moods.
   */
  private static List<Template> distinct(List<Template> pool, int k, NoteContext ctx, boolean oneLinePerField) {
    Set<Integer> seen = new HashSet<>();
    Set<String> fields = new HashSet<>();
    List<Template> out = new ArrayList<>(k);
    int tries = 0;
    while (out.size() < k && tries++ < 20 * k) {
      int i = ctx.between(0, pool.size() - 1);
      if (!seen.add(i)) {
        continue;
      }
      String source = pool.get(i).source();
      int colon = source.indexOf(':');
      String field = colon > 0 && colon < 30 && source.charAt(0) != '[' ? source.substring(0, colon) : source;
      if (!oneLinePerField || fields.add(field)) {
        out.add(pool.get(i));
      }
    }
    return out;
  }

  private static void checkNoSameKindOverlap(List<SignalMention> signals) {
    for (int i = 0; i < signals.size(); i++) {
      for (int j = i + 1; j < signals.size(); j++) {
        SignalMention a = signals.get(i);
        SignalMention c = signals.get(j);
        if (a.kind().equals(c.kind()) && a.overlaps(c)) {
          throw new IllegalStateException("phrase bank produced overlapping " + a.kind() + " mentions");
        }
      }
    }
  }
}
