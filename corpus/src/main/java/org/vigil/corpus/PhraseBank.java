package org.vigil.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generator's versioned data: section templates, lexicons, section headers, note-type layouts and the word
 * lists that PHI surrogates are drawn from, loaded from {@code src/main/resources/org/vigil/corpus}.
 */
public final class PhraseBank {

  /** Bumped whenever a data file changes what a seed generates. */
  public static final String VERSION = "3";

  static final List<String> WORD_LISTS = List.of("names-female", "names-male", "surnames", "streets", "hospitals",
      "departments", "organizations", "professions", "countries", "other-locations", "email-domains", "payers");

  private final Map<String, List<Template>> sections;
  private final Map<String, List<Template>> lexicon;
  private final Map<String, List<String>> headers;
  private final List<NoteLayout> layouts;
  private final Map<String, List<String>> words;
  private final List<Place> places;
  private final List<Holiday> holidays;

  /** A note type's author roles, MIMIC category and description, and its sections in order. */
  public record NoteLayout(String noteType, List<String> authorRoles, String mimicCategory, String description,
      List<String> sections) {
  }

  /** A US city with its state and a three-digit ZIP prefix. */
  public record Place(String city, String state, String stateAbbreviation, String zipPrefix) {
  }

  /** A named day: a fixed month-day, or the n-th weekday of a month (Thanksgiving). */
  public record Holiday(String name, int month, int day, int weekday, int nth) {
  }

  private PhraseBank(Map<String, List<Template>> sections, Map<String, List<Template>> lexicon,
      Map<String, List<String>> headers, List<NoteLayout> layouts, Map<String, List<String>> words,
      List<Place> places, List<Holiday> holidays) {
    this.sections = sections;
    this.lexicon = lexicon;
    this.headers = headers;
    this.layouts = layouts;
    this.words = words;
    this.places = places;
    this.holidays = holidays;
  }

  private static volatile PhraseBank standard;

  /** The bank shipped with this module (loaded once, immutable). */
  public static PhraseBank standard() {
    PhraseBank b = standard;
    if (b == null) {
      synchronized (PhraseBank.class) {
        if (standard == null) {
          standard = load();
        }
        b = standard;
      }
    }
    return b;
  }

  static PhraseBank load() {
    Map<String, List<Template>> sections = templates("templates.tsv");
    Map<String, List<Template>> lexicon = templates("lexicon.tsv");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String[] row : rows("section-headers.tsv", 2)) {
      headers.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row[1]);
    }
    List<NoteLayout> layouts = new ArrayList<>();
    for (String[] row : rows("note-types.tsv", 5)) {
      layouts.add(new NoteLayout(row[0], List.of(row[1].split(",")), row[2], row[3], List.of(row[4].split(","))));
    }
    Map<String, List<String>> words = new LinkedHashMap<>();
    for (String list : WORD_LISTS) {
      List<String> entries = new ArrayList<>();
      for (String[] row : rows(list + ".txt", 1)) {
        entries.add(row[0]);
      }
      words.put(list, List.copyOf(entries));
    }
    List<Place> places = new ArrayList<>();
    for (String[] row : rows("places.tsv", 4)) {
      places.add(new Place(row[0], row[1], row[2], row[3]));
    }
    List<Holiday> holidays = new ArrayList<>();
    for (String[] row : rows("holidays.tsv", 5)) {
      holidays.add(new Holiday(row[0], Integer.parseInt(row[1]), Integer.parseInt(row[2]), Integer.parseInt(row[3]),
          Integer.parseInt(row[4])));
    }
    PhraseBank bank = new PhraseBank(sections, lexicon, headers, layouts, words, places, holidays);
    bank.validate();
    return bank;
  }

  private void validate() {
    for (NoteLayout layout : layouts) {
      for (String section : layout.sections()) {
        String key = section.replace("?", "");
        if (!sections.containsKey(key)) {
          throw new IllegalStateException("note type " + layout.noteType() + " names section " + key
              + " without templates");
        }
        if (!key.startsWith("HEADER") && !key.startsWith("SIGNATURE") && !headers.containsKey(key)) {
          throw new IllegalStateException("section " + key + " has no header variants");
        }
      }
    }
    sections.values().forEach(list -> list.forEach(this::checkRefs));
    lexicon.values().forEach(list -> list.forEach(this::checkRefs));
  }

  private void checkRefs(Template t) {
    for (Template.Part part : t.parts()) {
      if (part instanceof Template.Ref r && !lexicon.containsKey(r.name())) {
        throw new IllegalStateException("unknown lexicon @" + r.name() + " in: " + t.source());
      } else if (part instanceof Template.Choice c) {
        c.options().forEach(this::checkRefs);
      } else if (part instanceof Template.Signal s) {
        checkRefs(s.surface());
      } else if (part instanceof Template.Slot s && !NoteContext.knowsSlot(s.name())) {
        throw new IllegalStateException("unknown slot {" + s.name() + "} in: " + t.source());
      }
    }
  }

  public List<Template> section(String name) {
    return sections.getOrDefault(name, List.of());
  }

  public List<Template> lexicon(String name) {
    List<Template> l = lexicon.get(name);
    if (l == null) {
      throw new IllegalArgumentException("unknown lexicon " + name);
    }
    return l;
  }

  public List<String> headers(String section) {
    return headers.getOrDefault(section, List.of(section));
  }

  public List<NoteLayout> layouts() {
    return layouts;
  }

  public List<String> words(String list) {
    List<String> l = words.get(list);
    if (l == null) {
      throw new IllegalArgumentException("unknown word list " + list);
    }
    return l;
  }

  public List<Place> places() {
    return places;
  }

  public List<Holiday> holidays() {
    return holidays;
  }

  public Set<String> sectionNames() {
    return sections.keySet();
  }

  private static Map<String, List<Template>> templates(String file) {
    Map<String, List<Template>> out = new LinkedHashMap<>();
    for (String[] row : rows(file, 2)) {
      out.computeIfAbsent(row[0], k -> new ArrayList<>()).add(Template.parse(row[1]));
    }
    return out;
  }

  /** Non-blank, non-comment lines split on tabs, each with at least {@code columns} columns. */
  private static List<String[]> rows(String file, int columns) {
    String resource = "/org/vigil/corpus/" + file;
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = PhraseBank.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing corpus resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", columns);
        if (cols.length < columns) {
          throw new IllegalStateException(resource + ":" + n + " needs " + columns + " tab-separated columns");
        }
        rows.add(cols);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return rows;
  }
}
