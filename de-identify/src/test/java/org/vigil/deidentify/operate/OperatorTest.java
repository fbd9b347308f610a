package org.vigil.deidentify.operate;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.DeidOptions;
import org.vigil.deidentify.DeidResult;
import org.vigil.deidentify.Deidentifier;
import org.vigil.deidentify.Found;
import org.vigil.deidentify.Ruleset;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorTest {

    private static final DeidKey OTHER_KEY = DeidKey.of("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    private static Deidentifier engine(DeidKey key, DeidOptions options) {
        return new Deidentifier(Ruleset.standard(), key, options);
    }

    private static String clean(Deidentifier d, String text, String patient) {
        return ((DeidResult.Clean) d.deidentify(text, patient, 2024)).text();
    }

    @Test
    void writesCategoryTagsInTagMode() {
        assertThat(Found.tagged("Dr. Okafor saw her on 03/14/2024, call 617-555-0134."))
                .isEqualTo("Dr. [NAME] saw her on [DATE], call [CONTACT].");
    }

    @Test
    void mapsTheSameNameToTheSameSurrogateAcrossNotesOfAPatient() {
        Deidentifier d = engine(Found.KEY, DeidOptions.defaults());
        String first = clean(d, "Patient: Okafor, Jennifer. Sister Hope visited.", "patient-7");
        String second = clean(d, "Jennifer Okafor seen again; sister Hope called.", "patient-7");
        String okafor = first.substring("Patient: ".length(), first.indexOf(','));
        String jennifer = first.substring(first.indexOf(", ") + 2, first.indexOf('.'));
        assertThat(second).startsWith(jennifer + " " + okafor + " seen again");
        assertThat(okafor).isNotEqualToIgnoringCase("Okafor");
        assertThat(jennifer).isNotEqualToIgnoringCase("Jennifer");
        assertThat(first).doesNotContain("Okafor", "Jennifer", "Hope");
        assertThat(second).doesNotContain("Okafor", "Jennifer", "Hope");
    }

    @Test
    void givesTheSameOutputAfterARestartWithTheSameKeyAndADifferentOneWithAnotherKey() {
        String note = "Seen by Dr. Okafor on 03/14/2024 (MRN 0048213), cell 617-555-0134, lives in Quincy.";
        String before = clean(engine(Found.KEY, DeidOptions.defaults()), note, "patient-7");
        String afterRestart = clean(engine(DeidKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)),
                DeidOptions.defaults()), note, "patient-7");
        String otherKey = clean(engine(OTHER_KEY, DeidOptions.defaults()), note, "patient-7");
        assertThat(afterRestart).isEqualTo(before);
        assertThat(otherKey).isNotEqualTo(before);
    }

    @Test
    void shiftsAllDatesOfAPatientByOneAmountSoIntervalsStay() {
        Deidentifier d = engine(Found.KEY, DeidOptions.defaults());
        String a = clean(d, "Admitted 03/01/2024.", "patient-9");
        String b = clean(d, "Discharged 03/15/2024.", "patient-9");
        LocalDate admitted = firstDate(a);
        LocalDate discharged = firstDate(b);
        assertThat(ChronoUnit.DAYS.between(admitted, discharged)).isEqualTo(14);
        int shift = d.shiftDays("patient-9");
        assertThat(admitted).isEqualTo(LocalDate.of(2024, 3, 1).plusDays(shift));
        assertThat(shift).isNotZero().isBetween(-365, 365);
    }

    @Test
    void keepsWeekdaysWhenConfigured() {
        Deidentifier d = engine(Found.KEY, DeidOptions.defaults().withDateShift(365, true));
        for (String patient : new String[] {"a", "b", "c", "d"}) {
            LocalDate shifted = firstDate(clean(d, "Seen 11/24/2026.", patient));
            assertThat(shifted.getDayOfWeek()).isEqualTo(DayOfWeek.TUESDAY);
            assertThat(shifted).isNotEqualTo(LocalDate.of(2026, 11, 24));
        }
    }

    @Test
    void rewritesDatesInTheShapeTheyWereWritten() {
        DateShift shift = new DateShift(Found.KEY.keyedHash(), 365, false);
        assertThat(shift.shift("March 14th, 2024", 10, 2024)).contains("March 24th, 2024");
        assertThat(shift.shift("3/14", -14, 2024)).contains("2/29");
        assertThat(shift.shift("2024-03-14", 30, 2024)).contains("2024-04-13");
        assertThat(shift.shift("14-Mar-24", 1, 2024)).contains("15-Mar-24");
        assertThat(shift.shift("Tuesday", 2, 2024)).contains("Thursday");
        assertThat(shift.shift("Christmas Eve", 2, 2024)).isEmpty();
    }

    @Test
    void keepsZipPrefixOnlyWhereSafeHarborAllows() {
        assertThat(clean(engine(Found.KEY, DeidOptions.defaults()), "Boston, MA 02139", "p")).endsWith("MA 02100");
        assertThat(clean(engine(Found.KEY, DeidOptions.defaults()), "Rutland, VT 05901", "p")).endsWith("VT 00000");
    }

    @Test
    void replacesAgesOverEightyNineWithNinetyPlusAndLeavesYoungerAges() {
        assertThat(clean(engine(Found.KEY, DeidOptions.defaults()), "92 yo F, her son is 67 yo", "p"))
                .isEqualTo("90+ yo F, her son is 67 yo");
    }

    @Test
    void keepsTheShapeOfNumbersWithEveryTokenChanged() {
        String out = clean(engine(Found.KEY, DeidOptions.defaults()), "SSN 123-45-6789", "p");
        assertThat(out).matches("SSN \\d{3}-\\d{2}-\\d{4}");
        String[] parts = out.substring(4).split("-");
        assertThat(parts[0]).isNotEqualTo("123");
        assertThat(parts[1]).isNotEqualTo("45");
        assertThat(parts[2]).isNotEqualTo("6789");
    }

    @Test
    void derivesStableDomainSeparatedPseudonyms() {
        Pseudonyms p = new Pseudonyms(Found.KEY.keyedHash());
        assertThat(p.patient("12345")).hasSize(64).isEqualTo(new Pseudonyms(Found.KEY.keyedHash()).patient("12345"));
        assertThat(p.patient("12345")).isNotEqualTo(p.encounter("12345")).isNotEqualTo(p.note("12345"));
        assertThat(p.patient("12345")).isNotEqualTo(new Pseudonyms(OTHER_KEY.keyedHash()).patient("12345"));
    }

    private static LocalDate firstDate(String text) {
        Matcher m = Pattern.compile("\\d{2}/\\d{2}/\\d{4}").matcher(text);
        assertThat(m.find()).as("a date in " + text).isTrue();
        return LocalDate.parse(m.group(), DateTimeFormatter.ofPattern("MM/dd/yyyy"));
    }
}
