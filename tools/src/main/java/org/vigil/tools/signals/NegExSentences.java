package org.vigil.tools.signals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the NegEx annotation format: a header line, then one tab-separated row per target: report number, concept,
 * sentence, {@code Affirmed} or {@code Negated} (further columns ignored). Hand-written: no library on Maven Central
 * reads this format.
 */
public final class NegExSentences {

    /** One annotated row; {@code line} is 1-based in the file. */
    public record Row(int line, String report, String concept, String sentence, boolean negated) {

        /**
         * Where the concept lies in the sentence, {@code [start, end)} in characters: the first match, letters' case
         * ignored and a run of white space matching any run; null when the sentence does not hold it.
         */
        public int[] span() {
            Matcher m = pattern(concept).matcher(sentence);
            return m.find() ? new int[] {m.start(), m.end()} : null;
        }
    }

    /** The file's rows, or an exception naming the first line that is not a row of the format. */
    public static List<Row> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty, no header line");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (cols.length < 4) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + cols.length
                        + " tab-separated columns, need report, concept, sentence, Affirmed|Negated");
            }
            String label = cols[3].strip();
            boolean negated;
            if (label.equalsIgnoreCase("Negated")) {
                negated = true;
            } else if (label.equalsIgnoreCase("Affirmed")) {
                negated = false;
            } else {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": label is neither Affirmed nor Negated");
            }
            if (cols[1].isBlank()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": empty concept");
            }
            rows.add(new Row(i + 1, cols[0].strip(), cols[1].strip(), cols[2], negated));
        }
        return rows;
    }

    private static Pattern pattern(String concept) {
        String[] words = concept.strip().split("\\s+");
        StringBuilder regex = new StringBuilder();
        for (int k = 0; k < words.length; k++) {
            regex.append(k == 0 ? "" : "\\s+").append(Pattern.quote(words[k]));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private NegExSentences() {
    }
}
