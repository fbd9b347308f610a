package org.vigil.sink.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskTier;
import org.vigil.sink.Assessments;
import org.vigil.sink.RunningSink;
import org.vigil.sink.RunningSink.Answer;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vigil.schemas.Assertion.AFFIRMED;
import static org.vigil.schemas.SignalKind.SUICIDAL_IDEATION;
import static org.vigil.sink.Assessments.finding;

/**
 * The bias audit of a sink stage on the embedded platform (Kafka and PostgreSQL), with notes sent through Kafka and
 * adjudicated by a clinician through the API: rates and false-alarm rates per group with their 95% Wilson intervals
 * (expected bounds from the closed form of Newcombe 1998, written here apart from the production code), flags only
 * where a group's interval misses the overall one, age bands by age, and the small-cell rule on every figure.
 */
class BiasAuditIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant WEEK = Instant.parse("2042-05-06T10:00:00Z");
    private static final String SCOPE = "api/bias?from=2042-05-01&to=2042-05-31&noteType=bias-test&kind=SUICIDAL_IDEATION";
    private static final double Z = 1.959963984540054;

    /** One note: its groups, whether it carries affirmed SI (then it has an alert), and the latest verdict, if any. */
    private record Spec(String id, String sex, String ageBand, boolean signal, String verdict) {
    }

    @TempDir
    static Path dataDir;
    private static RunningSink sink;
    private static final List<Spec> NOTES = new ArrayList<>();
    private static String analyst;
    private static String admin;

    /**
     * 100 notes: women 60 (11 with SI, 10 of them judged false alarms), men 40 (32 with SI, 4 false alarms); age bands
     * "<18" 12, "18-25" 31, "26-44" 54, "90+" 3. Every note with SI is HIGH and adjudicated.
     */
    @BeforeAll
    static void startSinkWithAdjudicatedNotes() {
        sink = RunningSink.start(dataDir, Map.of());
        analyst = sink.stage().issueToken("analyst", "bias analyst");
        admin = sink.stage().issueToken("admin", "bias admin");
        String clinician = sink.stage().issueToken("clinician", "bias clinician");
        add("F", "26-44", 40, 7, 7);
        add("F", "18-25", 17, 3, 3);
        add("F", "90+", 3, 1, 0);
        add("M", "26-44", 14, 11, 4);
        add("M", "18-25", 14, 12, 0);
        add("M", "<18", 12, 9, 0);
        List<RiskAssessment> assessments = new ArrayList<>();
        for (Spec n : NOTES) {
            assessments.add(n.signal()
                    ? Assessments.assessment(n.id(), "p-" + n.id(), WEEK, RiskTier.HIGH,
                        Map.of("sex", n.sex(), "ageBand", n.ageBand()), "bias-test",
                        finding(SUICIDAL_IDEATION, AFFIRMED, "endorses SI"))
                    : Assessments.assessment(n.id(), "p-" + n.id(), WEEK, RiskTier.NONE,
                        Map.of("sex", n.sex(), "ageBand", n.ageBand()), "bias-test"));
        }
        sink.publishAndAwait(assessments, assessments.size());
        for (Spec n : NOTES) {
            if (n.verdict() != null) {
                if (n.verdict().equals("TRUE_POSITIVE")) {
                    // Judged a false alarm first, then corrected: only the latest verdict counts.
                    adjudicate(clinician, n.id(), "{\"verdict\":\"FALSE_POSITIVE\",\"reason\":\"NEGATED\"}");
                }
                adjudicate(clinician, n.id(), n.verdict().equals("FALSE_POSITIVE")
                        ? "{\"verdict\":\"FALSE_POSITIVE\",\"reason\":\"TEMPLATE_TEXT\"}" : "{\"verdict\":\"TRUE_POSITIVE\"}");
            }
        }
    }

    private static void add(String sex, String ageBand, int notes, int withSignal, int falseAlarms) {
        for (int i = 0; i < notes; i++) {
            String verdict = i >= withSignal ? null : i < falseAlarms ? "FALSE_POSITIVE" : "TRUE_POSITIVE";
            NOTES.add(new Spec("b-" + sex + "-" + ageBand.replaceAll("[^0-9]", "") + "-" + i, sex, ageBand,
                    i < withSignal, verdict));
        }
    }

    private static void adjudicate(String clinician, String noteId, String body) {
        Answer answer = sink.post("api/alerts/" + noteId + "/adjudication", clinician, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        sink.close();
    }

    @Test
    void adminsSeeEveryRateWithItsWilsonIntervalAndFlagsOnlyWhereIntervalsDoNotOverlap() throws Exception {
        JsonNode bias = json(sink.get(SCOPE, admin));
        assertThat(bias.get("confidence").asDouble()).isEqualTo(0.95);
        assertThat(bias.get("comparedWith").asText()).isEqualTo("overall");

        JsonNode overall = bias.get("overall");
        assertRow(overall, n -> true);
        double[] overallSignal = wilson(43, 100);
        double[] overallAlarms = wilson(14, 43);

        Map<String, JsonNode> groups = groups(bias);
        assertThat(groups).containsOnlyKeys("sex=F", "sex=M", "ageBand=<18", "ageBand=18-25", "ageBand=26-44", "ageBand=90+");
        groups.forEach((key, row) -> {
            String[] kv = key.split("=", 2);
            assertRow(row, n -> (kv[0].equals("sex") ? n.sex() : n.ageBand()).equals(kv[1]));
            assertDifference(row.get("signalRate"), overallSignal);
            assertDifference(row.get("falseAlarmRate"), overallAlarms);
        });
        // 11 of 60 women against 43 of 100 notes: their interval lies below the overall one, the men's above.
        assertThat(groups.get("sex=F").get("signalRate").get("difference").asText()).isEqualTo("BELOW");
        assertThat(groups.get("sex=M").get("signalRate").get("difference").asText()).isEqualTo("ABOVE");
        assertThat(groups.get("sex=F").get("falseAlarmRate").get("difference").asText()).isEqualTo("ABOVE");
        // 18 of 54 is lower than 43%, but the intervals overlap: no flag.
        assertThat(groups.get("ageBand=26-44").get("signalRate").get("difference").isNull()).isTrue();
        assertThat(groups.get("ageBand=90+").get("falseAlarmRate").get("value").asDouble()).isEqualTo(0.0);
    }

    @Test
    void ageBandsComeInOrderOfAgeNotText() throws Exception {
        for (String token : List.of(admin, analyst)) {
            List<String> bands = new ArrayList<>();
            json(sink.get(SCOPE, token)).get("groups").forEach(g -> {
                if (g.get("attribute").asText().equals("ageBand")) {
                    bands.add(g.get("value").asText());
                }
            });
            assertThat(bands).containsExactly("<18", "18-25", "26-44", "90+");
        }
    }

    @Test
    void analystsSeeNoCountRateOrIntervalDerivedFromACellUnderTheCellSize() throws Exception {
        JsonNode bias = json(sink.get(SCOPE, analyst));
        assertThat(bias.get("suppressed").asBoolean()).isTrue();
        assertThat(bias.get("minCellSize").asInt()).isEqualTo(11);
        Map<String, JsonNode> groups = groups(bias);

        // Age band notes: 3 under the cell size, and "<18" (12) hidden with it, or 100 - 97 would give the 3 back.
        assertThat(display(groups, "ageBand=90+", "notes")).isEqualTo("<11");
        assertThat(display(groups, "ageBand=<18", "notes")).isEqualTo("hidden");
        // With SI: 9 and 1 under the cell size, 15 hidden with them so that the hidden cells hold at least 11.
        assertThat(display(groups, "ageBand=<18", "withSignal")).isEqualTo("<11");
        assertThat(display(groups, "ageBand=18-25", "withSignal")).isEqualTo("hidden");
        for (String key : List.of("ageBand=<18", "ageBand=18-25", "ageBand=90+")) {
            assertHidden(groups.get(key).get("signalRate"));
            assertThat(groups.get(key).get("rate").isNull()).isTrue();
        }
        // False alarms: 10 women and 4 men, both under the cell size: no false-alarm rate for either sex.
        assertThat(display(groups, "sex=F", "falseAlarms")).isEqualTo("<11");
        assertThat(display(groups, "sex=M", "falseAlarms")).isEqualTo("<11");
        assertHidden(groups.get("sex=F").get("falseAlarmRate"));
        assertHidden(groups.get("sex=M").get("falseAlarmRate"));

        // What stays visible is exact, with its interval and flag as the admin sees them.
        JsonNode visible = groups.get("ageBand=26-44");
        assertThat(visible.get("notes").get("value").asLong()).isEqualTo(54);
        assertThat(visible.get("withSignal").get("value").asLong()).isEqualTo(18);
        assertInterval(visible.get("signalRate"), 18, 54);
        assertInterval(groups.get("sex=M").get("signalRate"), 32, 40);
        assertThat(groups.get("sex=M").get("signalRate").get("difference").asText()).isEqualTo("ABOVE");
        assertInterval(bias.get("overall").get("falseAlarmRate"), 14, 43);
    }

    /** Counts, rates and intervals of one row against those worked out here from the notes that were sent. */
    private static void assertRow(JsonNode row, Predicate<Spec> inGroup) {
        long notes = NOTES.stream().filter(inGroup).count();
        long withSignal = NOTES.stream().filter(inGroup).filter(Spec::signal).count();
        long adjudicated = NOTES.stream().filter(inGroup).filter(n -> n.verdict() != null).count();
        long falseAlarms = NOTES.stream().filter(inGroup).filter(n -> "FALSE_POSITIVE".equals(n.verdict())).count();
        assertThat(row.get("notes").get("value").asLong()).isEqualTo(notes);
        assertThat(row.get("withSignal").get("value").asLong()).isEqualTo(withSignal);
        assertThat(row.get("adjudicated").get("value").asLong()).isEqualTo(adjudicated);
        assertThat(row.get("falseAlarms").get("value").asLong()).isEqualTo(falseAlarms);
        assertThat(row.get("rate").asDouble()).isEqualTo((double) withSignal / notes);
        assertInterval(row.get("signalRate"), withSignal, notes);
        assertInterval(row.get("falseAlarmRate"), falseAlarms, adjudicated);
    }

    private static void assertInterval(JsonNode rate, long part, long whole) {
        double[] expected = wilson(part, whole);
        assertThat(rate.get("value").asDouble()).isEqualTo((double) part / whole);
        assertThat(rate.get("interval").get("lower").asDouble()).isCloseTo(expected[0], within(1e-12));
        assertThat(rate.get("interval").get("upper").asDouble()).isCloseTo(expected[1], within(1e-12));
    }

    /** A flag exactly where the intervals share no value, pointing the way the group's interval lies. */
    private static void assertDifference(JsonNode rate, double[] overall) {
        double lower = rate.get("interval").get("lower").asDouble();
        double upper = rate.get("interval").get("upper").asDouble();
        JsonNode difference = rate.get("difference");
        if (lower > overall[1]) {
            assertThat(difference.asText()).isEqualTo("ABOVE");
        } else if (upper < overall[0]) {
            assertThat(difference.asText()).isEqualTo("BELOW");
        } else {
            assertThat(difference.isNull()).as("overlapping intervals are not flagged").isTrue();
        }
    }

    private static void assertHidden(JsonNode rate) {
        assertThat(rate.get("value").isNull()).isTrue();
        assertThat(rate.get("interval").isNull()).isTrue();
        assertThat(rate.get("difference").isNull()).isTrue();
    }

    /**
     * Wilson's score interval in Newcombe's closed form (Statistics in Medicine 17:857-872, 1998, method 3):
     * (2np + z² ± z·sqrt(z² + 4npq)) / 2(n + z²).
     */
    static double[] wilson(long part, long whole) {
        double n = whole;
        double p = part / n;
        double root = Z * Math.sqrt(Z * Z + 4 * n * p * (1 - p));
        double denominator = 2 * (n + Z * Z);
        return new double[] {(2 * n * p + Z * Z - root) / denominator, (2 * n * p + Z * Z + root) / denominator};
    }

    private static Map<String, JsonNode> groups(JsonNode bias) {
        Map<String, JsonNode> groups = new HashMap<>();
        bias.get("groups").forEach(g -> groups.put(g.get("attribute").asText() + "=" + g.get("value").asText(), g));
        return groups;
    }

    private static String display(Map<String, JsonNode> groups, String key, String cell) {
        return groups.get(key).get(cell).get("display").asText();
    }

    private static JsonNode json(Answer answer) throws Exception {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}
