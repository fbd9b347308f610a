package org.vigil.deidentify;

import org.vigil.deidentify.recognize.Lexicon;
import org.vigil.deidentify.recognize.NameRecognizer;
import org.vigil.deidentify.recognize.PatternRecognizer;
import org.vigil.deidentify.recognize.PlaceRecognizer;
import org.vigil.deidentify.recognize.Recognizer;
import org.vigil.deidentify.recognize.SafeListRecognizer;
import org.vigil.deidentify.recognize.WordList;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The versioned de-identification rules: word lists and pattern files under
 * {@code src/main/resources/org/vigil/deidentify}, and the recognizers built from them. Its {@link #version()}
 * (the declared version plus a digest of every file's content) goes into each de-identified note, so a result can
 * always be traced to the exact rules that made it.
 */
public final class Ruleset {

    public static final String RESOURCE_ROOT = "/org/vigil/deidentify/";

    /** Word lists, in the order they are read and digested. */
    static final List<String> LISTS = List.of("first-names", "surnames", "name-titles", "doctor-titles", "credentials",
            "relations", "name-stopwords", "name-labels", "vocabulary-english", "vocabulary-medical", "state-names",
            "state-abbreviations", "countries", "cities", "street-suffixes", "place-context", "organization-context",
            "institution-words", "institution-connectors", "months", "weekdays", "holidays", "restricted-zip3",
            "generic-place-words", "name-particles", "department-acronyms", "well-known-organizations", "landmark-words",
            "institution-qualifiers", "trailing-place-nouns", "person-verbs",
            // The context words of the validators, then of the name and place passes.
            "ambiguous-months", "date-prepositions", "non-date-ordinal-nouns", "non-date-ratio-labels",
            "non-date-ratio-nouns", "numeric-date-cues", "measurement-units",
            "age-units", "latin-abbreviations", "relation-possessives", "credentials-not-before-names",
            "abbreviations-not-initials",
            "weak-institution-words", "named-unit-words", "compass-points", "police-words", "county-words",
            "organization-prepositions", "place-prepositions", "unit-prepositions", "unit-followers",
            "name-followers", "name-slot-exclusions", "person-titles", "name-roles",
            "care-settings", "institution-context", "place-name-parts", "residual-cues-before", "residual-cues-after", "peoples-and-languages",
            "month-cues-lower-case");

    /**
     * Large lists read into the {@link Lexicon}'s table only, never kept as a {@link WordList}, whose strings and hash
     * set would cost several times the memory: the real population's names (Philter's, BSD 3-Clause, about 258,000
     * entries), which the name pass counts only where context expects a name (many are also ordinary words), and a
     * spelling dictionary's English words (SCOWL), which tell an ordinary word from a name that no list holds.
     */
    static final List<String> LEXICON_ONLY_LISTS = List.of("population-first-names", "population-surnames",
            "english-dictionary");

    /** Lists read only as phrases or by name ({@link WordList#containsLower}), kept out of the lexicon's 64 sets. */
    static final List<String> PHRASE_LISTS = List.of("name-followers", "person-titles", "name-roles",
            "institution-context", "residual-cues-before", "residual-cues-after", "peoples-and-languages",
            "month-cues-lower-case");

    /**
     * Word lists read by the record-identifier pass alone: digested like the others, but kept out of the shared
     * {@link Lexicon} (which holds at most 64 sets and is read for every note).
     */
    static final List<String> RECORD_LISTS = List.of("address-abbreviations");

    /** Pattern families, one recognizer each. */
    static final List<String> PATTERN_FAMILIES = List.of("contact", "ids", "dates", "ages", "addresses");

    private static volatile Ruleset standard;

    private final String version;
    private final Map<String, WordList> lists;
    private final List<Recognizer> recognizers;
    private final Recognizer safeList;

    private Ruleset(String version, Map<String, WordList> lists, List<Recognizer> recognizers, Recognizer safeList) {
        this.version = version;
        this.lists = lists;
        this.recognizers = List.copyOf(recognizers);
        this.safeList = safeList;
    }

    /** The rules shipped with this module, loaded once. */
    public static Ruleset standard() {
        Ruleset r = standard;
        if (r == null) {
            synchronized (Ruleset.class) {
                if (standard == null) {
                    standard = load();
                }
                r = standard;
            }
        }
        return r;
    }

    static Ruleset load() {
        MessageDigest digest = sha256();
        Map<String, WordList> lists = new LinkedHashMap<>();
        for (String name : LISTS) {
            WordList list = WordList.load(name);
            lists.put(name, list);
            digest.update((name + "\n" + String.join("\n", list.entries()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        // The population's first names and surnames share one set: the name pass asks only whether a word is a name.
        Map<String, List<String>> lexiconOnly = new LinkedHashMap<>();
        for (String name : LEXICON_ONLY_LISTS) {
            List<String> words = WordList.readLines(RESOURCE_ROOT + "lists/" + name + ".txt");
            digest.update((name + "\n").getBytes(StandardCharsets.UTF_8));
            for (String word : words) {
                digest.update((word + "\n").getBytes(StandardCharsets.UTF_8));
            }
            String set = name.startsWith("population-") ? "population-names" : name;
            lexiconOnly.computeIfAbsent(set, k -> new ArrayList<>()).addAll(words);
        }
        lists.put("safe-vocabulary", WordList.union("safe-vocabulary",
                List.of(lists.get("vocabulary-english"), lists.get("vocabulary-medical"))));
        List<Recognizer> recognizers = new ArrayList<>();
        for (String family : PATTERN_FAMILIES) {
            recognizers.add(PatternRecognizer.load(family, lists));
            digest.update(String.join("\n", WordList.readLines(RESOURCE_ROOT + "patterns/" + family + ".tsv"))
                    .getBytes(StandardCharsets.UTF_8));
        }
        // Known note labels pass the stage unchanged (NoteLabels), so they are part of what the version names.
        digest.update(("note-labels\n" + String.join("\n", WordList.load("note-labels").entries()) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        // Lists read only as phrases or by name take no bit of the lexicon, which has 64.
        Map<String, WordList> bitLists = new LinkedHashMap<>(lists);
        PHRASE_LISTS.forEach(bitLists::remove);
        Lexicon lexicon = Lexicon.of(bitLists, lexiconOnly);
        recognizers.add(new NameRecognizer(lists, lexicon));
        recognizers.add(new PlaceRecognizer(lists, lexicon));
        for (String name : RECORD_LISTS) {
            WordList list = WordList.load(name);
            lists.put(name, list);
            digest.update((name + "\n" + String.join("\n", list.entries()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String declared = declaredVersion();
        String version = declared + "+" + HexFormat.of().formatHex(digest.digest()).substring(0, 8);
        return new Ruleset(version, Map.copyOf(lists), recognizers,
                new SafeListRecognizer(lists, lexicon));
    }

    private static String declaredVersion() {
        Properties p = new Properties();
        try (InputStream in = Ruleset.class.getResourceAsStream(RESOURCE_ROOT + "ruleset.properties")) {
            if (in == null) {
                throw new IllegalStateException("de-identification ruleset.properties missing");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    /** E.g. {@code 2026.11.24-1+3fa2c1d0}: declared version and digest of the data files. */
    public String version() {
        return version;
    }

    public List<Recognizer> recognizers() {
        return recognizers;
    }

    /** The residual check (safe list), run after the others unless turned off. */
    public Recognizer safeList() {
        return safeList;
    }

    public WordList list(String name) {
        WordList list = lists.get(name);
        if (list == null) {
            throw new IllegalArgumentException("no word list " + name);
        }
        return list;
    }

    /** This ruleset plus one more recognizer (a new identifier kind, or a test double that fails). */
    public Ruleset with(Recognizer extra) {
        List<Recognizer> all = new ArrayList<>(recognizers);
        all.add(extra);
        return new Ruleset(version, lists, all, safeList);
    }
}
