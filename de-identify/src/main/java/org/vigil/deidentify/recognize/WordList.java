package org.vigil.deidentify.recognize;

import org.vigil.deidentify.Ruleset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One word list of the ruleset (names, months, safe vocabulary...), read from a versioned resource file: one entry a
 * line, a line starting with {@code #} is a comment, entries kept in file order and looked up in lower case.
 */
public final class WordList {

    private final String name;
    private final List<String> entries;
    private final Set<String> lowered;

    public WordList(String name, List<String> entries) {
        this.name = name;
        this.entries = List.copyOf(entries);
        Set<String> set = new HashSet<>(entries.size() * 2);
        for (String e : entries) {
            set.add(e.toLowerCase(Locale.ROOT));
        }
        this.lowered = Set.copyOf(set);
    }

    /** Reads {@code lists/<name>.txt} of the ruleset. */
    public static WordList load(String name) {
        return new WordList(name, readLines(Ruleset.RESOURCE_ROOT + "lists/" + name + ".txt"));
    }

    public static List<String> readLines(String resource) {
        InputStream in = WordList.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("de-identification ruleset file missing: " + resource);
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    lines.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ruleset file " + resource, e);
        }
        return lines;
    }

    public String name() {
        return name;
    }

    public List<String> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    /** Whether the list holds this word, ignoring case. Callers pass lower-case words on hot paths. */
    public boolean containsLower(String lowerCaseWord) {
        return lowered.contains(lowerCaseWord);
    }

    public boolean contains(String word) {
        return lowered.contains(word.toLowerCase(Locale.ROOT));
    }

    /** The entries in lower case, as a set (for {@link NoteText#tokensIn}). */
    Set<String> lowerCaseEntries() {
        return lowered;
    }

    /** The lower-case first word of every entry: where a multi-word entry can start. */
    public Set<String> firstWords() {
        Set<String> firsts = new HashSet<>();
        for (String e : entries) {
            int space = e.indexOf(' ');
            firsts.add((space < 0 ? e : e.substring(0, space)).toLowerCase(Locale.ROOT));
        }
        return firsts;
    }

    public static WordList union(String name, Collection<WordList> lists) {
        List<String> all = new ArrayList<>();
        lists.forEach(l -> all.addAll(l.entries()));
        return new WordList(name, all);
    }
}
