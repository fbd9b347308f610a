package org.vigil.deidentify;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.recognize.WordList;
import org.vigil.deidentify.text.PhiSpan;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dates as clinicians write them ("d/c'd 12/2", "8/87", "on the 13th", "5-jan") are removed, and the look-alikes
 * beside them in the same notes (blood pressures, scores, fractions, doses, settings) are left alone: every line of
 * the invented development set {@code clinician-dates.tsv} through the whole de-identifier.
 */
class ClinicianDatesTest {

    private static final String RESOURCE = "/org/vigil/deidentify/clinician-dates.tsv";

    /** One line of the set: its text and the spans that must be removed from it (none for a look-alike). */
    private record Line(boolean date, String text, List<String> expected) {

        static Line parse(String row) {
            String[] col = row.split("\t", 2);
            String marked = col[1].replace("\\n", "\n");
            StringBuilder text = new StringBuilder();
            List<String> spans = new ArrayList<>();
            int at = 0;
            for (int open = marked.indexOf("[["); open >= 0; open = marked.indexOf("[[", at)) {
                int close = marked.indexOf("]]", open);
                text.append(marked, at, open);
                int start = text.length();
                text.append(marked, open + 2, close);
                spans.add(start + "-" + text.length() + " " + text.substring(start));
                at = close + 2;
            }
            text.append(marked.substring(at));
            return new Line(col[0].equals("date"), text.toString(), spans);
        }
    }

    private static List<Line> lines() {
        return WordList.readLines(RESOURCE).stream().map(Line::parse).toList();
    }

    private static List<String> removed(Deidentifier d, String text) {
        List<String> out = new ArrayList<>();
        for (PhiSpan s : ((DeidResult.Clean) d.deidentify(text, "p1")).spans()) {
            out.add(s.start() + "-" + s.end() + " " + text.substring(s.start(), s.end()));
        }
        return out;
    }

    @Test
    void holdsAtLeastFortyDatesAndFortyLookAlikes() {
        assertThat(lines().stream().filter(Line::date).count()).isGreaterThanOrEqualTo(40);
        assertThat(lines().stream().filter(l -> !l.date()).count()).isGreaterThanOrEqualTo(40);
        assertThat(lines()).filteredOn(Line::date).allSatisfy(l -> assertThat(l.expected()).isNotEmpty());
        assertThat(lines()).filteredOn(l -> !l.date()).allSatisfy(l -> assertThat(l.expected()).isEmpty());
    }

    @Test
    void removesEveryClinicianDateExactlyAndTouchesNoLookAlike() {
        Deidentifier d = new Deidentifier(Ruleset.standard(), Found.KEY, DeidOptions.defaults().withMode(DeidMode.TAG));
        List<String> wrong = new ArrayList<>();
        for (Line line : lines()) {
            List<String> got = removed(d, line.text());
            if (!got.equals(line.expected())) {
                wrong.add((line.date() ? "date " : "not  ") + line.text().replace("\n", "\\n") + "  expected "
                        + line.expected() + ", removed " + got);
            }
        }
        assertThat(wrong).isEmpty();
    }
}
