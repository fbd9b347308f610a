package org.vigil.deidentify.resolve;

import org.vigil.deidentify.text.PhiSpan;
import org.vigil.deidentify.text.PhiType;

import java.util.ArrayList;
import java.util.Arrays;
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
        PhiSpan[] kept = new PhiSpan[candidates.size()];
        int n = 0;
        int maxEnd = 0;
        for (int k = 0, size = candidates.size(); k < size; k++) {
            PhiSpan c = candidates.get(k);
            if (c.score() >= THRESHOLD) {
                kept[n++] = c;
                maxEnd = Math.max(maxEnd, c.end());
            }
        }
        PhiSpan[] sorted = inTextOrder(kept, n, maxEnd);
        List<PhiSpan> resolved = new ArrayList<>();
        int i = 0;
        while (i < n) {
            PhiSpan best = sorted[i];
            int start = best.start();
            int end = best.end();
            int j = i + 1;
            while (j < n && sorted[j].start() < end) {
                PhiSpan next = sorted[j];
                end = Math.max(end, next.end());
                if (BETTER.compare(next, best) > 0) {
                    best = next;
                }
                j++;
            }
            // A span that is its own union is kept as it is: the same value, without a copy.
            resolved.add(best.start() == start && best.end() == end ? best
                    : new PhiSpan(best.type(), start, end, best.score(), best.recognizer()));
            i = j;
        }
        return resolved;
    }

    /** Bits of a sort key given to the end offset and to the candidate's index; the start takes the rest. */
    private static final int END_BITS = 21;
    private static final int INDEX_BITS = 22;

    /**
     * The first {@code n} spans in {@link #IN_TEXT_ORDER}, ties kept in their given order (as a stable sort keeps
     * them): start, inverted end and index packed into one long each and sorted as numbers, which spares the
     * comparator calls of an object sort on every note. Notes too long for the packing take the object sort.
     */
    private static PhiSpan[] inTextOrder(PhiSpan[] spans, int n, int maxEnd) {
        if (maxEnd >= 1 << (END_BITS - 1) || n >= 1 << INDEX_BITS) {
            PhiSpan[] copy = Arrays.copyOf(spans, n);
            Arrays.sort(copy, IN_TEXT_ORDER);
            return copy;
        }
        long[] keys = new long[n];
        long endMask = (1L << END_BITS) - 1;
        for (int k = 0; k < n; k++) {
            keys[k] = ((long) spans[k].start() << (END_BITS + INDEX_BITS))
                    | ((endMask - spans[k].end()) << INDEX_BITS) | k;
        }
        Arrays.sort(keys);
        PhiSpan[] sorted = new PhiSpan[n];
        int indexMask = (1 << INDEX_BITS) - 1;
        for (int k = 0; k < n; k++) {
            sorted[k] = spans[(int) (keys[k] & indexMask)];
        }
        return sorted;
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
