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
  private static final Set<String> LIST_SECTIONS = Set.of("PLAN", "DISPO", "MEDS");

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
    // One independent stream per note, so note n is the same however many notes were asked for. The seed is
    // hashed: SplittableRandom(s) and SplittableRandom(s + its gamma) are the same stream shifted by one draw.
    SplittableRandom rnd = new SplittableRandom(mix64(seed ^ mix64(n + 0x632BE59BD9B4E019L)));
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
    List<PhiAnnotation> phi = b.phi();
    List<SignalMention> signals = b.signals();
    int style = rnd.nextInt(100);
    if (style < 5) {
      // Some older systems store notes in capitals; ASCII upper-casing keeps every offset.
      String upper = text.toUpperCase(Locale.ROOT);
      if (upper.length() == text.length()) {
        text = upper;
      }
    } else if (style < 25) {
      text = hardWrap(text, 64 + rnd.nextInt(20), phi, signals);
    }
    phi = retext(phi, text);
    signals = retextSignals(signals, text);
    checkNoSameKindOverlap(signals);
    String noteId = "syn" + seed + "-" + String.format(Locale.ROOT, "%05d", n);
    String patientId = Long.toString(10_000_000L + Math.floorMod(seed * 1_000_003L + n * 7_919L, 89_999_999L));
    String encounterId = Integer.toString(100_000 + rnd.nextInt(900_000));
    String role = ctx.pick(layout.authorRoles());
    return new SyntheticNote(noteId, patientId, encounterId, layout.noteType(), role,
        day.atTime(ctx.noteTime).toInstant(ZoneOffset.UTC), text, phi, signals,
        Map.of("sex", ctx.female ? "F" : "M", "birthDate", ctx.birthDate.toString(), "ageBand", ctx.ageBand()));
  }

  /** Stafford's variant 13 finaliser (as in SplittableRandom), to decorrelate nearby seeds. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
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
    int want = switch (section) {
      case "CC" -> 1;
      case "FH" -> ctx.between(1, 2);
      case "SHIFT" -> ctx.between(4, 7);
      default -> lines || list ? ctx.between(3, 6) : ctx.between(2, 5);
    };
    List<Template> chosen = new ArrayList<>();
    List<Template> openers = bank.section(section + "_OPEN");
    if (!openers.isEmpty()) {
      chosen.add(ctx.pick(openers));
    }
    List<Template> fitting = pool.stream().filter(ctx::consistent).toList();
    List<Template> from = fitting.isEmpty() ? pool : fitting;
    chosen.addAll(distinct(from, Math.min(want, from.size()), ctx, lines || list && !section.equals("MEDS")));
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
   * Up to {@code k} different templates; in line and list sections at most one per field ("Mood:", "C-SSRS:") or
   * leading word ("Discharged"), so an exam does not report two moods nor a plan two destinations.
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
      int space = source.indexOf(' ');
      String field = colon > 0 && colon < 30 && source.charAt(0) != '[' ? source.substring(0, colon)
          : space > 0 ? source.substring(0, space) : source;
      if (!oneLinePerField || fields.add(field)) {
        out.add(pool.get(i));
      }
    }
    return out;
  }

  /**
   * Breaks long lines at a space, as dictation systems and MIMIC-era exports do, never inside an annotation, so
   * every offset stays valid.
   */
  static String hardWrap(String text, int width, List<PhiAnnotation> phi, List<SignalMention> signals) {
    boolean[] annotated = new boolean[text.length()];
    phi.forEach(s -> java.util.Arrays.fill(annotated, s.start(), s.end(), true));
    signals.forEach(s -> java.util.Arrays.fill(annotated, s.start(), s.end(), true));
    char[] c = text.toCharArray();
    int lineStart = 0;
    int lastSpace = -1;
    for (int i = 0; i < c.length; i++) {
      if (c[i] == '\n') {
        lineStart = i + 1;
        lastSpace = -1;
        continue;
      }
      if (c[i] == ' ' && !annotated[i]) {
        lastSpace = i;
      }
      if (i - lineStart >= width && lastSpace > lineStart) {
        c[lastSpace] = '\n';
        lineStart = lastSpace + 1;
        lastSpace = -1;
      }
    }
    return new String(c);
  }

  private static List<PhiAnnotation> retext(List<PhiAnnotation> spans, String text) {
    return spans.stream().map(s -> new PhiAnnotation(s.category(), s.type(), s.start(), s.end(),
        text.substring(s.start(), s.end()), s.comment())).toList();
  }

  private static List<SignalMention> retextSignals(List<SignalMention> mentions, String text) {
    return mentions.stream().map(m -> new SignalMention(m.kind(), m.assertion(), m.start(), m.end(),
        text.substring(m.start(), m.end()))).toList();
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
