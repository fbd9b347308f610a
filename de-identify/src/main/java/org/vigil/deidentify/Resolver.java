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

    private static final Comparator<PhiSpan> BETTER = Comparator.comparingDouble(PhiSpan::score)
            .thenComparing(s -> specificity(s.type()))
            .thenComparingInt(PhiSpan::length);

    public List<PhiSpan> resolve(List<PhiSpan> candidates) {
        List<PhiSpan> sorted = new ArrayList<>(candidates.size());
        for (PhiSpan c : candidates) {
            if (c.score() >= THRESHOLD) {
                sorted.add(c);
            }
        }
        sorted.sort(Comparator.comparingInt(PhiSpan::start).thenComparing(Comparator.comparingInt(PhiSpan::end).reversed()));
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
