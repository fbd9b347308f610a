package org.vigil.deidentify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges the recognizers' overlapping candidates into the spans to remove. Candidates under the threshold are
 * dropped; overlapping ones are merged into their union, so the widest span any confident recognizer found is
 * removed (a partial removal would leak the rest), and the merged span takes the type of its best candidate:
 * highest score, then the more specific type (a phone number over a generic number), then the longer span.
 */
public final class Resolver {

    /** Candidates scoring below this are not removed. */
    public static final double THRESHOLD = 0.5;

    /** Highest score, then the more specific type, then the longer span (written out: it runs for every candidate). */
    private static final Comparator<PhiSpan> BETTER = (a, b) -> {
        int c = Double.compare(a.score(), b.score());
        if (c == 0) {
            c = Integer.compare(specificity(a.type()), specificity(b.type()));
        }
        return c != 0 ? c : Integer.compare(a.length(), b.length());
    };

    /** By start, then the longer first. */
    private static final Comparator<PhiSpan> IN_TEXT_ORDER = (a, b) -> a.start() != b.start()
            ? Integer.compare(a.start(), b.start()) : Integer.compare(b.end(), a.end());

    public List<PhiSpan> resolve(List<PhiSpan> candidates) {
        List<PhiSpan> sorted = new ArrayList<>(candidates.size());
        for (PhiSpan c : candidates) {
            if (c.score() >= THRESHOLD) {
                sorted.add(c);
            }
        }
        sorted.sort(IN_TEXT_ORDER);
        List<PhiSpan> resolved = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            PhiSpan best = sorted.get(i);
            int start = best.start();
            int end = best.end();
            int j = i + 1;
            while (j < sorted.size() && sorted.get(j).start() < end) {
                PhiSpan next = sorted.get(j);
                end = Math.max(end, next.end());
                if (BETTER.compare(next, best) > 0) {
                    best = next;
                }
                j++;
            }
            resolved.add(new PhiSpan(best.type(), start, end, best.score(), best.recognizer()));
            i = j;
        }
        return resolved;
    }

    /** Generic catch-all types rank below the specific ones they overlap. */
    static int specificity(PhiType type) {
        return switch (type) {
            case IDNUM -> 0;
            case LOCATION_OTHER -> 1;
            case PATIENT -> 2;
            default -> 3;
        };
    }
}
