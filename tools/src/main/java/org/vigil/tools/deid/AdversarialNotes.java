package org.vigil.tools.deid;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Inputs that stress a de-identifier's worst cases rather than its average one: long runs of capitals, of digits
 * and separators, of punctuation, and a whole note on one line. A rule whose cost grows faster than the text
 * (backtracking, a scan per token) shows up as a time per megabyte that rises with the size.
 */
final class AdversarialNotes {

    private AdversarialNotes() {
    }

    /** Each kind of input at about {@code chars} characters, from {@code seed}; {@code note} seeds the one-line kind. */
    static Map<String, String> of(int chars, long seed, String note) {
        Random random = new Random(seed);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("capitals", fill(chars, () -> word(random, 2 + random.nextInt(9), true) + " "));
        inputs.put("title-case words", fill(chars, () -> {
            String w = word(random, 3 + random.nextInt(7), false);
            return Character.toUpperCase(w.charAt(0)) + w.substring(1) + (random.nextInt(6) == 0 ? ", " : " ");
        }));
        inputs.put("digits and separators", fill(chars, () -> {
            StringBuilder b = new StringBuilder();
            int groups = 1 + random.nextInt(5);
            for (int g = 0; g < groups; g++) {
                b.append(random.nextInt(100_000)).append(SEPARATORS.get(random.nextInt(SEPARATORS.size())));
            }
            return b.toString();
        }));
        inputs.put("punctuation", fill(chars, () -> String.valueOf(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())))
                .repeat(1 + random.nextInt(12))));
        inputs.put("one line", fill(chars, () -> note.replace('\n', ' ').replace('\r', ' ') + " "));
        return inputs;
    }

    private static final List<String> SEPARATORS = List.of("-", "/", ".", " ", ":", "", "-", " ");
    private static final String PUNCTUATION = ".,;:-/()[]*#|_'\"!?&+=";

    private static String word(Random random, int length, boolean capitals) {
        char[] w = new char[length];
        for (int i = 0; i < length; i++) {
            w[i] = (char) ((capitals ? 'A' : 'a') + random.nextInt(26));
        }
        return new String(w);
    }

    private static String fill(int chars, java.util.function.Supplier<String> piece) {
        StringBuilder b = new StringBuilder(chars + 64);
        while (b.length() < chars) {
            b.append(piece.get());
        }
        b.setLength(chars);
        return b.toString();
    }
}
