package org.vigil.deidentify.operate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DateShiftTest {

    /** The regular expression the hand-written cut replaces. */
    private static final Pattern PART = Pattern.compile("[A-Za-z]+|\\d+|'\\d{2}|[^A-Za-z\\d']+|'");

    private static List<String> byRegex(String s) {
        List<String> parts = new ArrayList<>();
        Matcher m = PART.matcher(s);
        while (m.find()) {
            parts.add(m.group());
        }
        return parts;
    }

    @Test
    void cutsAWrittenDateIntoLettersDigitsApostropheYearsAndTheRest() {
        assertThat(DateShift.parts("March 14th, 2024")).containsExactly("March", " ", "14", "th", ", ", "2024");
        assertThat(DateShift.parts("Mar-14-'24")).containsExactly("Mar", "-", "14", "-", "'24");
        assertThat(DateShift.parts("'2 o'clock")).containsExactly("'", "2", " ", "o", "'", "clock");
        assertThat(DateShift.parts("''123")).containsExactly("'", "'12", "3");
        assertThat(DateShift.parts("Dé 5")).containsExactly("D", "é ", "5");
        assertThat(DateShift.parts("")).isEmpty();
    }

    @Test
    void cutsEveryTextAsTheRegularExpressionDoes() {
        String alphabet = "aZ09' -,.é\u2019\uD83D\uDE00";
        java.util.Random random = new java.util.Random(11);
        for (int n = 0; n < 5000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = b.toString();
            assertThat(DateShift.parts(s)).as(s).isEqualTo(byRegex(s));
        }
    }

    /** The regular expression the hand-written reading of numeric dates replaces. */
    private static final Pattern NUMERIC = Pattern.compile("(\\d{1,4})([/.-])(\\d{1,2})(?:\\2(\\d{2,4}))?");

    @Test
    void readsNumericDatesIntoTheirGroups() {
        assertThat(DateShift.numericParts("03/14/2024")).containsExactly("03", "/", "14", "2024");
        assertThat(DateShift.numericParts("2024-03")).containsExactly("2024", "-", "03", null);
        assertThat(DateShift.numericParts("3.14.24")).containsExactly("3", ".", "14", "24");
        assertThat(DateShift.numericParts("3/14-24")).isNull();
        assertThat(DateShift.numericParts("3/2024")).isNull();
        assertThat(DateShift.numericParts("20240314")).isNull();
    }

    @Test
    void readsEveryTextAsTheNumericDateExpressionMatchesIt() {
        String alphabet = "0123456789/.-a ";
        java.util.Random random = new java.util.Random(12);
        int matched = 0;
        for (int n = 0; n < 20000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(13); i > 0; i--) {
                b.append(alphabet.charAt(random.nextInt(random.nextInt(4) == 0 ? alphabet.length() : 11)));
            }
            String s = b.toString();
            Matcher m = NUMERIC.matcher(s);
            if (m.matches()) {
                matched++;
                assertThat(DateShift.numericParts(s)).as(s).containsExactly(m.group(1), m.group(2), m.group(3), m.group(4));
            } else {
                assertThat(DateShift.numericParts(s)).as(s).isNull();
            }
        }
        assertThat(matched).isGreaterThan(200);
    }
}
