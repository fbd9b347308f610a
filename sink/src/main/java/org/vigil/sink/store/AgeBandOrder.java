package org.vigil.sink.store;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders age bands by age ("<18", "18-25", "26-44", "90+"), not as text, where "<18" would come last and "5-9" after
 * "45-64". A band is placed by its youngest age: the number it starts with, or 0 for "<N" / "under N" (ties in text
 * order). Bands without a number ("unknown") come after every numbered band, in text order.
 */
public final class AgeBandOrder implements Comparator<String> {

    /** The group attribute that holds age bands, as in {@code notes.attributes}. */
    public static final String ATTRIBUTE = "ageBand";
    private static final Pattern START = Pattern.compile("^\\s*(<|≤|<=|under\\s+)?\\s*(\\d+)", Pattern.CASE_INSENSITIVE);

    @Override
    public int compare(String a, String b) {
        double ageA = youngest(a);
        double ageB = youngest(b);
        int byAge = Double.compare(ageA, ageB);
        return byAge != 0 ? byAge : a.compareTo(b);
    }

    private static double youngest(String band) {
        Matcher m = START.matcher(band);
        if (!m.find()) {
            return Double.POSITIVE_INFINITY;
        }
        return m.group(1) == null ? Double.parseDouble(m.group(2)) : 0; // "<18" holds everyone from birth to 17
    }
}
