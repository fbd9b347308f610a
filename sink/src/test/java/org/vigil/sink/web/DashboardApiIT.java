package org.vigil.sink.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SyntheticNote;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.Adjudication;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.Verdict;
import org.vigil.sink.Assessments;
import org.vigil.sink.Rows;
import org.vigil.sink.RunningSink;
import org.vigil.sink.RunningSink.Answer;
import org.vigil.corpus.SyntheticAssessments;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.schemas.Assertion.AFFIRMED;
import static org.vigil.schemas.Assertion.NEGATED;
import static org.vigil.schemas.SignalKind.DEPRESSION;
import static org.vigil.schemas.SignalKind.SUICIDAL_IDEATION;
import static org.vigil.sink.Assessments.finding;

/**
 * The API of a sink stage running on the embedded platform, with data sent through Kafka: roles, exact trend and
 * bias figures with the small-cell rule, cohort counts against the generator's ground truth, exports, adjudication.
 */
class DashboardApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant WEEK_A = Instant.parse("2040-01-03T10:00:00Z"); // week of Monday 2040-01-02
    private static final Instant WEEK_C = Instant.parse("2040-01-17T10:00:00Z"); // week of Monday 2040-01-16
    private static final String PERIOD = "from=2040-01-02&to=2040-01-22";
    private static final Instant SMALL_WEEK = Instant.parse("2040-03-06T10:00:00Z"); // week of Monday 2040-03-05
    private static final Instant BIG_WEEK = Instant.parse("2040-03-13T10:00:00Z"); // week of Monday 2040-03-12
    private static final String MARCH = "from=2040-03-01&to=2040-03-19&noteType=rate-test&kind=SUICIDAL_IDEATION";

    @TempDir
    static Path dataDir;
    private static RunningSink sink;
    private static List<SyntheticNote> corpus;
    private static String analyst;
    private static String clinician;
    private static String researcher;
    private static String admin;

    @BeforeAll
    static void startSinkWithData() {
        sink = RunningSink.start(dataDir, Map.of());
        analyst = sink.stage().issueToken("analyst", "test analyst");
        clinician = sink.stage().issueToken("clinician", "test clinician");
        researcher = sink.stage().issueToken("researcher", "test researcher");
        admin = sink.stage().issueToken("admin", "test admin");

        List<RiskAssessment> all = new ArrayList<>(handBuilt());
        corpus = new CorpusGenerator(7).generate(300);
        corpus.forEach(n -> all.add(SyntheticAssessments.assessment(n)));
        sink.publishAndAwait(all, all.size());
    }

    /**
     * Week A: 15 notes with affirmed SI (patients s0..s14, tier HIGH), 4 with affirmed depression (3 of them male),
     * 3 with negated SI. Week C: 12 notes with affirmed SI (patients s0..s11). Nothing in the week between.
     * Note type rate-test: in the week of 2040-03-05, 5 notes with affirmed SI; in the next, 20 notes, 11 of them with
     * affirmed SI (one mentioning it twice) and 9 without any signal.
     */
    private static List<RiskAssessment> handBuilt() {
        Map<String, String> female = Map.of("sex", "F", "ageBand", "30-39");
        Map<String, String> male = Map.of("sex", "M", "ageBand", "30-39");
        List<RiskAssessment> notes = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            notes.add(Assessments.assessment("a-si-" + i, "s" + i, WEEK_A, RiskTier.HIGH, female, "trend-test",
                    finding(SUICIDAL_IDEATION, AFFIRMED, "endorses SI")));
        }
        for (int i = 0; i < 4; i++) {
            notes.add(Assessments.assessment("a-dep-" + i, "d" + i, WEEK_A, RiskTier.MODERATE, i < 3 ? male : female,
                    "trend-test", finding(DEPRESSION, AFFIRMED, "depressed mood")));
        }
        for (int i = 0; i < 3; i++) {
            notes.add(Assessments.assessment("a-neg-" + i, "n" + i, WEEK_A, RiskTier.LOW, female, "trend-test",
                    finding(SUICIDAL_IDEATION, NEGATED, "denies SI")));
        }
        for (int i = 0; i < 12; i++) {
            notes.add(Assessments.assessment("c-si-" + i, "s" + i, WEEK_C, RiskTier.HIGH, female, "trend-test",
                    finding(SUICIDAL_IDEATION, AFFIRMED, "endorses SI")));
        }
        for (int i = 0; i < 5; i++) {
            notes.add(Assessments.assessment("r-small-" + i, "r" + i, SMALL_WEEK, RiskTier.LOW, female, "rate-test",
                    finding(SUICIDAL_IDEATION, AFFIRMED, "passive SI")));
        }
        for (int i = 0; i < 20; i++) {
            Assessments.Finding[] findings = i == 0
                    ? new Assessments.Finding[] {finding(SUICIDAL_IDEATION, AFFIRMED, "passive SI"),
                        finding(SUICIDAL_IDEATION, AFFIRMED, "wishes to be dead")}
                    : i < 11 ? new Assessments.Finding[] {finding(SUICIDAL_IDEATION, AFFIRMED, "passive SI")}
                    : new Assessments.Finding[0];
            notes.add(Assessments.assessment("r-big-" + i, "r" + i, BIG_WEEK, RiskTier.LOW, female, "rate-test", findings));
        }
        return notes;
    }

    @AfterAll
    static void stop() {
        sink.close();
    }

    @Test
    void missingOrUnknownTokenGets401() {
        assertThat(sink.get("api/trends", null).status()).isEqualTo(401);
        assertThat(sink.get("api/trends", "vgl_not-a-real-token").status()).isEqualTo(401);
        assertThat(sink.get("api/alerts", "garbage").status()).isEqualTo(401);
        assertThat(sink.post("api/cohorts/count", null, "{}").status()).isEqualTo(401);
        assertThat(sink.get("api/openapi.json", null).status()).isEqualTo(401);
    }

    @Test
    void wrongRoleGets403() {
        assertThat(sink.get("api/trends", clinician).status()).isEqualTo(403);
        assertThat(sink.get("api/bias", clinician).status()).isEqualTo(403);
        assertThat(sink.get("api/alerts", analyst).status()).isEqualTo(403);
        assertThat(sink.get("api/notes/a-si-0", analyst).status()).isEqualTo(403);
        assertThat(sink.get("api/notes/a-si-0", researcher).status()).isEqualTo(403);
        assertThat(sink.post("api/alerts/a-si-0/adjudication", admin, "{\"verdict\":\"TRUE_POSITIVE\"}").status()).isEqualTo(403);
        assertThat(sink.post("api/cohorts/count", analyst, "{}").status()).isEqualTo(403);
        assertThat(sink.post("api/cohorts/count", clinician, "{}").status()).isEqualTo(403);
        assertThat(sink.get("api/audit", analyst).status()).isEqualTo(403);
        assertThat(sink.post("api/tokens", clinician, "{\"role\":\"admin\",\"label\":\"x\"}").status()).isEqualTo(403);
        assertThat(Rows.count(sink.database(),
                "SELECT count(*) FROM access_audit WHERE outcome = 'FORBIDDEN' AND action = 'GET /api/audit' AND role = 'analyst'"))
                .isEqualTo(1);
    }

    @Test
    void trendsCountNotesWithAffirmedSignalsPerWeekAndHideSmallCellsFromAnalysts() throws Exception {
        JsonNode trends = json(sink.get("api/trends?" + PERIOD + "&noteType=trend-test", analyst));

        assertThat(trends.get("bucket").asText()).isEqualTo("week");
        assertThat(texts(trends.get("buckets"))).containsExactly("2040-01-02", "2040-01-09", "2040-01-16");
        assertThat(trends.get("series")).hasSize(2);
        JsonNode depression = trends.get("series").get(0);
        assertThat(depression.get("kind").asText()).isEqualTo("DEPRESSION");
        assertThat(depression.get("assertion").asText()).isEqualTo("AFFIRMED");
        assertThat(displays(depression)).containsExactly("<11", "0", "0");
        assertThat(depression.get("points").get(0).get("value").isNull()).isTrue();
        assertThat(depression.get("total").get("display").asText()).isEqualTo("hidden");
        JsonNode si = trends.get("series").get(1);
        assertThat(si.get("kind").asText()).isEqualTo("SUICIDAL_IDEATION");
        assertThat(displays(si)).containsExactly("15", "0", "12");
        assertThat(si.get("total").get("value").asLong()).isEqualTo(27);
    }

    @Test
    void trendsGiveRatesPer1000NotesOfTheBucketAndNoRateFromAHiddenCount() throws Exception {
        JsonNode trends = json(sink.get("api/trends?" + PERIOD + "&noteType=trend-test", analyst));

        // 22 notes in week A, none in week B, 12 in week C: the denominators.
        assertThat(cellDisplays(trends.get("notes"))).containsExactly("22", "0", "12");
        assertThat(trends.get("notesTotal").get("value").asLong()).isEqualTo(34);
        JsonNode si = trends.get("series").get(1);
        assertThat(rates(si)).containsExactly(681.82, null, 1000.0); // 15/22, no note, 12/12
        assertThat(si.get("rate").asDouble()).isEqualTo(794.12); // 27/34
        JsonNode depression = trends.get("series").get(0);
        // 4 of 22 is hidden, and so is its rate (22 notes and the rate would give the 4 back); 0 of 12 is shown.
        assertThat(rates(depression)).containsExactly(null, null, 0.0);
        assertThat(depression.get("rate").isNull()).isTrue();

        JsonNode exact = json(sink.get("api/trends?" + PERIOD + "&noteType=trend-test", admin));
        assertThat(rates(exact.get("series").get(0))).containsExactly(181.82, null, 0.0); // 4/22
        assertThat(exact.get("series").get(0).get("rate").asDouble()).isEqualTo(117.65); // 4/34
    }

    @Test
    void trendsCountEachNoteOnceAndHideRatesOverAHiddenDenominator() throws Exception {
        JsonNode trends = json(sink.get("api/trends?" + MARCH, analyst));

        assertThat(texts(trends.get("buckets"))).containsExactly("2040-03-05", "2040-03-12");
        assertThat(cellDisplays(trends.get("notes"))).containsExactly("<11", "20");
        assertThat(trends.get("notes").get(0).get("value").isNull()).isTrue();
        assertThat(trends.get("notesTotal").get("display").asText()).isEqualTo("≥20");
        JsonNode si = trends.get("series").get(0);
        // 11 notes, though one of them mentions SI twice: 12 signals.
        assertThat(displays(si)).containsExactly("<11", "11");
        assertThat(rates(si)).containsExactly(null, 550.0);
        assertThat(si.get("rate").isNull()).isTrue();

        JsonNode exact = json(sink.get("api/trends?" + MARCH, admin));
        assertThat(cellDisplays(exact.get("notes"))).containsExactly("5", "20");
        assertThat(rates(exact.get("series").get(0))).containsExactly(1000.0, 550.0);
        assertThat(exact.get("series").get(0).get("rate").asDouble()).isEqualTo(640.0); // 16/25
    }

    @Test
    void monthlyBucketsStartOnTheFirstAndCountWholeMonths() throws Exception {
        JsonNode trends = json(sink.get("api/trends?from=2040-01-01&to=2040-04-01&noteType=trend-test&bucket=month", analyst));
        assertThat(trends.get("bucket").asText()).isEqualTo("month");
        assertThat(texts(trends.get("buckets"))).containsExactly("2040-01-01", "2040-02-01", "2040-03-01");
        assertThat(cellDisplays(trends.get("notes"))).containsExactly("34", "0", "0");
        JsonNode si = trends.get("series").get(1);
        assertThat(displays(si)).containsExactly("27", "0", "0");
        assertThat(rates(si)).containsExactly(794.12, null, null);

        // March starts in [2040-03-01, 2040-03-19), so the whole month counts: both weeks, 16 of 25 notes.
        JsonNode march = json(sink.get("api/trends?" + MARCH + "&bucket=month", analyst));
        assertThat(texts(march.get("buckets"))).containsExactly("2040-03-01");
        assertThat(cellDisplays(march.get("notes"))).containsExactly("25");
        assertThat(displays(march.get("series").get(0))).containsExactly("16");
        assertThat(rates(march.get("series").get(0))).containsExactly(640.0);
        // From the 2nd, March is not in the period at all.
        assertThat(json(sink.get("api/trends?" + MARCH.replace("03-01", "03-02").replace("03-19", "04-01")
                + "&bucket=month", analyst)).get("buckets")).isEmpty();

        assertThat(sink.get("api/trends?bucket=year", analyst).status()).isEqualTo(400);
        Answer tooLong = sink.get("api/trends?from=2000-01-01&to=2040-01-01", analyst);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(json(tooLong).get("error").asText()).contains("bucket=month");
        // Without 'from' a long history keeps its latest buckets: the corpus (2023-2025) and 2040 span 18 years.
        JsonNode latest = json(sink.get("api/trends", analyst));
        assertThat(latest.get("buckets")).hasSize(520);
        assertThat(latest.get("earlierOmitted").asBoolean()).isTrue();
        assertThat(latest.get("buckets").get(519).asText()).isEqualTo("2040-03-12");
        assertThat(json(sink.get("api/trends?bucket=month", analyst)).get("earlierOmitted").asBoolean()).isFalse();
    }

    @Test
    void trendsCsvHoldsTheSameCellsWithHiddenCountsAndTheirRatesSuppressed() throws Exception {
        Answer csv = sink.get("api/trends.csv?" + MARCH, analyst);

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(csv.body()).isEqualTo("bucket,bucket_start,kind,assertion,notes,notes_with_signal,per_1000_notes\r\n"
                + "week,2040-03-05,SUICIDAL_IDEATION,AFFIRMED,<11,<11,suppressed\r\n"
                + "week,2040-03-12,SUICIDAL_IDEATION,AFFIRMED,20,11,550.00\r\n");

        Answer weekly = sink.get("api/trends.csv?" + PERIOD + "&noteType=trend-test", analyst);
        assertThat(weekly.body().split("\r\n")).containsExactly(
                "bucket,bucket_start,kind,assertion,notes,notes_with_signal,per_1000_notes",
                "week,2040-01-02,DEPRESSION,AFFIRMED,22,<11,suppressed",
                "week,2040-01-09,DEPRESSION,AFFIRMED,0,0,",
                "week,2040-01-16,DEPRESSION,AFFIRMED,12,0,0.00",
                "week,2040-01-02,SUICIDAL_IDEATION,AFFIRMED,22,15,681.82",
                "week,2040-01-09,SUICIDAL_IDEATION,AFFIRMED,0,0,",
                "week,2040-01-16,SUICIDAL_IDEATION,AFFIRMED,12,12,1000.00");
        assertThat(sink.get("api/trends.csv?" + MARCH, admin).body())
                .contains("week,2040-03-05,SUICIDAL_IDEATION,AFFIRMED,5,5,1000.00\r\n");
        assertThat(sink.get("api/trends.csv?" + MARCH, clinician).status()).isEqualTo(403);
        assertThat(Rows.query(sink.database(), "SELECT role, outcome FROM access_audit WHERE action = 'EXPORT_TRENDS_CSV'"
                + " AND target LIKE '%rate-test%' ORDER BY id")).containsExactly(
                List.of("analyst", "OK"), List.of("admin", "OK"));
    }

    @Test
    void adminsSeeExactSmallCellsAndAllAssertionsOnRequest() throws Exception {
        JsonNode trends = json(sink.get("api/trends?" + PERIOD + "&noteType=trend-test&assertion=ALL", admin));

        Map<String, List<String>> series = new HashMap<>();
        trends.get("series").forEach(s -> series.put(s.get("kind").asText() + "/" + s.get("assertion").asText(), displays(s)));
        assertThat(series).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DEPRESSION/AFFIRMED", List.of("4", "0", "0"),
                "SUICIDAL_IDEATION/AFFIRMED", List.of("15", "0", "12"),
                "SUICIDAL_IDEATION/NEGATED", List.of("3", "0", "0")));
    }

    @Test
    void biasAuditGivesRatesPerGroupAndHidesSmallGroups() throws Exception {
        JsonNode bias = json(sink.get("api/bias?" + PERIOD + "&noteType=trend-test&kind=SUICIDAL_IDEATION", analyst));

        Map<String, JsonNode> groups = new HashMap<>();
        bias.get("groups").forEach(g -> groups.put(g.get("attribute").asText() + "=" + g.get("value").asText(), g));
        assertThat(groups).containsOnlyKeys("sex=F", "sex=M", "ageBand=30-39");
        // 3 male notes are hidden; the 31 female notes are hidden too, or 34 - 31 would give the 3 away.
        assertThat(groups.get("sex=M").get("notes").get("display").asText()).isEqualTo("<11");
        assertThat(groups.get("sex=F").get("notes").get("display").asText()).isEqualTo("hidden");
        assertThat(groups.get("sex=F").get("notes").get("value").isNull()).isTrue();
        assertThat(groups.get("sex=F").get("withSignal").get("value").asLong()).isEqualTo(27);
        assertThat(groups.get("sex=M").get("withSignal").get("display").asText()).isEqualTo("0");
        assertThat(groups.get("sex=F").get("rate").isNull()).isTrue();
        assertThat(groups.get("sex=M").get("rate").isNull()).isTrue();
        assertThat(groups.get("ageBand=30-39").get("notes").get("value").asLong()).isEqualTo(34);
        assertThat(groups.get("ageBand=30-39").get("withSignal").get("value").asLong()).isEqualTo(27);
        assertThat(groups.get("ageBand=30-39").get("rate").asDouble()).isEqualTo(27.0 / 34);

        JsonNode exact = json(sink.get("api/bias?" + PERIOD + "&noteType=trend-test&kind=SUICIDAL_IDEATION", admin));
        exact.get("groups").forEach(g -> groups.put(g.get("attribute").asText() + "=" + g.get("value").asText(), g));
        assertThat(groups.get("sex=F").get("notes").get("value").asLong()).isEqualTo(31);
        assertThat(groups.get("sex=F").get("rate").asDouble()).isEqualTo(27.0 / 31);
        assertThat(groups.get("sex=M").get("notes").get("value").asLong()).isEqualTo(3);
    }

    @Test
    void cohortCountsMatchTheGeneratorsGroundTruth() throws Exception {
        String corpusPeriod = "\"from\":\"2023-01-01\",\"to\":\"2026-01-01\"";
        long si = groundTruthPatients(n -> n.signals().stream()
                .anyMatch(s -> s.kind().equals("SUICIDAL_IDEATION") && s.assertion().equals("AFFIRMED")));
        long negatedSubstanceOrDepression = groundTruthPatients(n -> n.signals().stream()
                .anyMatch(s -> Set.of("SUBSTANCE_USE", "DEPRESSION").contains(s.kind()) && s.assertion().equals("NEGATED")));
        long highOrImminent = groundTruthPatients(n -> Set.of(RiskTier.HIGH, RiskTier.IMMINENT).contains(SyntheticAssessments.tier(n)));
        assertThat(si).isGreaterThan(11);
        assertThat(negatedSubstanceOrDepression).isGreaterThan(11);
        assertThat(highOrImminent).isGreaterThan(11);

        assertThat(count("{\"kinds\":[\"SUICIDAL_IDEATION\"]," + corpusPeriod + "}")).isEqualTo(si);
        assertThat(count("{\"kinds\":[\"SUBSTANCE_USE\",\"DEPRESSION\"],\"assertions\":[\"NEGATED\"]," + corpusPeriod + "}"))
                .isEqualTo(negatedSubstanceOrDepression);
        assertThat(count("{\"assertions\":[],\"tiers\":[\"HIGH\",\"IMMINENT\"]," + corpusPeriod + "}")).isEqualTo(highOrImminent);
    }

    @Test
    void cohortMinimumNotesAndTierNarrowTheCount() throws Exception {
        String period = "\"from\":\"2040-01-01\",\"to\":\"2040-02-01\"";
        assertThat(count("{\"kinds\":[\"SUICIDAL_IDEATION\"]," + period + "}")).isEqualTo(15);
        assertThat(count("{\"kinds\":[\"SUICIDAL_IDEATION\"],\"minNotes\":2," + period + "}")).isEqualTo(12);
        assertThat(count("{\"kinds\":[\"SUICIDAL_IDEATION\"],\"tiers\":[\"IMMINENT\"]," + period + "}")).isEqualTo(0);
        JsonNode small = json(sink.post("api/cohorts/count", researcher, "{\"kinds\":[\"DEPRESSION\"]," + period + "}"));
        assertThat(small.get("patients").get("display").asText()).isEqualTo("<11");
        assertThat(small.get("exportable").asBoolean()).isFalse();
        assertThat(sink.post("api/cohorts/count", researcher, "{\"kinds\":[\"NOT_A_KIND\"]}").status()).isEqualTo(400);
    }

    @Test
    void exportsListPseudonymousIdsAsCsvAndFhirGroup() throws Exception {
        Answer saved = sink.post("api/cohorts", researcher,
                "{\"name\":\"SI 2023-2025\",\"criteria\":{\"kinds\":[\"SUICIDAL_IDEATION\"],\"from\":\"2023-01-01\",\"to\":\"2026-01-01\"}}");
        assertThat(saved.status()).isEqualTo(201);
        long id = json(saved).get("id").asLong();
        List<String> expected = corpus.stream().filter(n -> n.signals().stream()
                        .anyMatch(s -> s.kind().equals("SUICIDAL_IDEATION") && s.assertion().equals("AFFIRMED")))
                .map(n -> SyntheticAssessments.pseudonym(n.patientId())).sorted().distinct().toList();

        Answer csv = sink.get("api/cohorts/" + id + "/export.csv", researcher);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("patient_pseudonym");
        assertThat(lines.subList(1, lines.size())).isEqualTo(expected);

        Answer fhir = sink.get("api/cohorts/" + id + "/export.ndjson", researcher);
        assertThat(fhir.contentType()).startsWith("application/fhir+ndjson");
        assertThat(fhir.body().lines().count()).isEqualTo(1);
        JsonNode group = JSON.readTree(fhir.body().lines().findFirst().orElseThrow());
        assertThat(group.get("resourceType").asText()).isEqualTo("Group");
        assertThat(group.get("type").asText()).isEqualTo("person");
        assertThat(group.get("actual").asBoolean()).isTrue();
        assertThat(group.get("quantity").asInt()).isEqualTo(expected.size());
        List<String> references = new ArrayList<>();
        group.get("member").forEach(m -> references.add(m.get("entity").get("reference").asText()));
        assertThat(references).isEqualTo(expected.stream().map(p -> "Patient/" + p).toList());
        assertThat(fhir.body()).doesNotContain(corpus.get(0).text().substring(0, 20));

        assertThat(Rows.query(sink.database(), "SELECT action, role, outcome FROM access_audit WHERE target = '" + id
                + "' AND action LIKE 'EXPORT%' ORDER BY id")).containsExactly(
                List.of("EXPORT_CSV", "researcher", "OK:" + expected.size()),
                List.of("EXPORT_FHIR_GROUP", "researcher", "OK:" + expected.size()));
    }

    @Test
    void exportBelowTheCellSizeIsRefusedAndAudited() throws Exception {
        long id = json(sink.post("api/cohorts", researcher, "{\"name\":\"tiny\",\"criteria\":{\"kinds\":[\"DEPRESSION\"],"
                + "\"from\":\"2040-01-01\",\"to\":\"2040-02-01\"}}")).get("id").asLong();

        Answer csv = sink.get("api/cohorts/" + id + "/export.csv", researcher);
        Answer fhir = sink.get("api/cohorts/" + id + "/export.ndjson", admin);

        assertThat(csv.status()).isEqualTo(422);
        assertThat(json(csv).get("error").asText()).contains("fewer than 11 patients");
        assertThat(fhir.status()).isEqualTo(422);
        assertThat(Rows.query(sink.database(), "SELECT action, role, outcome FROM access_audit WHERE target = '" + id
                + "' AND action LIKE 'EXPORT%' ORDER BY id")).containsExactly(
                List.of("EXPORT_CSV", "researcher", "REFUSED_SMALL_CELL"),
                List.of("EXPORT_FHIR_GROUP", "admin", "REFUSED_SMALL_CELL"));
    }

    @Test
    void clinicianAdjudicatesAnAlertWhichIsStoredAuditedAndPublished() throws Exception {
        JsonNode queue = json(sink.get("api/alerts", clinician));
        List<String> open = new ArrayList<>();
        queue.forEach(a -> open.add(a.get("noteId").asText()));
        assertThat(open).contains("a-si-3", "c-si-3").doesNotContain("a-dep-0", "a-neg-0");

        JsonNode note = json(sink.get("api/notes/a-si-3", clinician));
        assertThat(note.get("tier").asText()).isEqualTo("HIGH");
        assertThat(note.get("deidMode").asText()).isEqualTo("SURROGATE");
        JsonNode evidence = note.get("evidence").get(0);
        assertThat(note.get("text").asText().substring(evidence.get("start").asInt(), evidence.get("end").asInt()))
                .isEqualTo("endorses SI");
        assertThat(evidence.get("source").asText()).isEqualTo("rule:suicidal_ideation");

        assertThat(sink.post("api/alerts/a-si-3/adjudication", clinician, "{\"verdict\":\"FALSE_POSITIVE\"}").status())
                .isEqualTo(400);
        // Free text is refused, whatever it says: it could name someone and adjudications are kept forever.
        Answer freeText = sink.post("api/alerts/a-si-3/adjudication", clinician,
                "{\"verdict\":\"FALSE_POSITIVE\",\"reason\":\"his sister Mary Jones said it\"}");
        assertThat(freeText.status()).isEqualTo(400);
        assertThat(freeText.body()).contains("/api/adjudication-reasons").doesNotContain("Mary");
        assertThat(Rows.query(sink.database(), "SELECT count(*) FROM adjudications WHERE note_id = 'a-si-3'"))
                .containsExactly(List.of("0"));
        JsonNode reasons = json(sink.get("api/adjudication-reasons", clinician));
        List<String> codes = new ArrayList<>();
        reasons.forEach(r -> codes.add(r.get("code").asText()));
        assertThat(codes).contains("ABOUT_SOMEONE_ELSE", "NEGATED", "OTHER");
        Answer stored = sink.post("api/alerts/a-si-3/adjudication", clinician,
                "{\"verdict\":\"FALSE_POSITIVE\",\"reason\":\"about_someone_else\"}");
        assertThat(stored.status()).isEqualTo(201);
        assertThat(sink.post("api/alerts/no-such-note/adjudication", clinician, "{\"verdict\":\"TRUE_POSITIVE\"}").status())
                .isEqualTo(404);

        assertThat(Rows.query(sink.database(), "SELECT verdict, reason, risk_tier, reviewer_role FROM adjudications"
                + " WHERE note_id = 'a-si-3'")).containsExactly(List.of("FALSE_POSITIVE", "ABOUT_SOMEONE_ELSE", "HIGH", "clinician"));
        assertThat(Rows.query(sink.database(), "SELECT status FROM alerts WHERE note_id = 'a-si-3'"))
                .containsExactly(List.of("ADJUDICATED"));
        List<String> stillOpen = new ArrayList<>();
        json(sink.get("api/alerts", clinician)).forEach(a -> stillOpen.add(a.get("noteId").asText()));
        assertThat(stillOpen).doesNotContain("a-si-3");
        assertThat(Rows.query(sink.database(), "SELECT action, outcome FROM access_audit WHERE target = 'a-si-3' ORDER BY id"))
                .containsExactly(List.of("VIEW_NOTE", "OK"), List.of("ADJUDICATE", "FALSE_POSITIVE"));

        List<Adjudication> published = sink.read(Topics.ADJUDICATIONS, 1).stream()
                .filter(a -> a.getNoteId().equals("a-si-3")).toList();
        assertThat(published).hasSize(1);
        assertThat(published.get(0).getVerdict()).isEqualTo(Verdict.FALSE_POSITIVE);
        assertThat(published.get(0).getReason()).isEqualTo("ABOUT_SOMEONE_ELSE");
        assertThat(published.get(0).getRiskTier()).isEqualTo(RiskTier.HIGH);
        assertThat(published.get(0).getReviewerRole()).isEqualTo("clinician");
    }

    @Test
    void adminsReadTheAuditAndIssueTokensThatWork() throws Exception {
        Answer issued = sink.post("api/tokens", admin, "{\"role\":\"analyst\",\"label\":\"second analyst\"}");
        assertThat(issued.status()).isEqualTo(201);
        String token = json(issued).get("token").asText();
        assertThat(json(sink.get("api/me", token)).get("role").asText()).isEqualTo("analyst");
        assertThat(Rows.count(sink.database(), "SELECT count(*) FROM api_tokens WHERE token_sha256 = sha256('"
                + token + "'::bytea)")).isEqualTo(1);
        assertThat(Rows.count(sink.database(), "SELECT count(*) FROM api_tokens WHERE encode(token_sha256, 'escape') LIKE '%"
                + token.substring(4, 20) + "%'")).isEqualTo(0);

        JsonNode audit = json(sink.get("api/audit?limit=1000", admin));
        List<String> actions = new ArrayList<>();
        audit.forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).contains("ISSUE_TOKEN");
    }

    @Test
    void expiredAndRevokedTokensAnswer401WithTheReasonAndAdminsListAndRevokeTokens() throws Exception {
        Answer issued = sink.post("api/tokens", admin, "{\"role\":\"clinician\",\"label\":\"night shift\",\"ttlDays\":30}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        JsonNode body = json(issued);
        long id = body.get("id").asLong();
        String token = body.get("token").asText();
        assertThat(Instant.parse(body.get("expiresAt").asText())).isBetween(Instant.now().plus(java.time.Duration.ofDays(30))
                .minus(java.time.Duration.ofMinutes(5)), Instant.now().plus(java.time.Duration.ofDays(30)));
        assertThat(sink.get("api/alerts", token).status()).isEqualTo(200);
        assertThat(sink.post("api/tokens", admin, "{\"role\":\"analyst\",\"label\":\"x\",\"ttlDays\":0}").status())
                .isEqualTo(400);

        Rows.query(sink.database(), "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = " + id
                + " RETURNING id");
        Answer expired = sink.get("api/alerts", token);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(json(expired).get("error").asText()).startsWith("The token expired at ");
        Rows.query(sink.database(), "UPDATE api_tokens SET expires_at = now() + interval '1 day' WHERE id = " + id
                + " RETURNING id");

        JsonNode listed = json(sink.get("api/tokens", admin));
        JsonNode entry = null;
        for (JsonNode t : listed) {
            assertThat(t.has("token")).isFalse();
            assertThat(t.toString()).doesNotContain(token.substring(4));
            if (t.get("id").asLong() == id) {
                entry = t;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.get("label").asText()).isEqualTo("night shift");
        assertThat(entry.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(sink.get("api/tokens", analyst).status()).isEqualTo(403);

        Answer revoked = sink.send("DELETE", "api/tokens/" + id, admin);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(json(revoked).get("status").asText()).isEqualTo("REVOKED");
        Answer refused = sink.get("api/alerts", token);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(json(refused).get("error").asText()).startsWith("The token was revoked at ");
        assertThat(sink.send("DELETE", "api/tokens/987654", admin).status()).isEqualTo(404);

        assertThat(Rows.query(sink.database(), "SELECT action, outcome FROM access_audit WHERE token_id = " + id
                + " OR target = 'token " + id + "' OR target LIKE 'token " + id + " %' ORDER BY id")).containsExactly(
                List.of("ISSUE_TOKEN", "OK"), List.of("USE_TOKEN", "OK"), List.of("GET /api/alerts", "EXPIRED"),
                List.of("REVOKE_TOKEN", "OK"), List.of("GET /api/alerts", "REVOKED"));
    }

    @Test
    void openApiDescribesEveryRoute() throws Exception {
        JsonNode spec = json(sink.get("api/openapi.json", analyst));
        Set<String> described = new TreeSet<>();
        spec.get("paths").fieldNames().forEachRemaining(path ->
                spec.get("paths").get(path).fieldNames().forEachRemaining(method -> described.add(method.toUpperCase() + " " + path)));
        assertThat(described).containsExactlyInAnyOrder(
                "GET /api/openapi.json", "GET /api/me", "GET /api/filters", "GET /api/trends", "GET /api/trends.csv",
                "GET /api/bias",
                "GET /api/alerts", "GET /api/notes/{noteId}", "GET /api/notes/{noteId}/adjudications",
                "POST /api/alerts/{noteId}/adjudication", "POST /api/cohorts/count", "POST /api/cohorts",
                "GET /api/cohorts", "GET /api/cohorts/{id}/export.csv", "GET /api/cohorts/{id}/export.ndjson",
                "GET /api/audit", "POST /api/tokens", "GET /api/tokens", "DELETE /api/tokens/{id}");
    }

    private long groundTruthPatients(Predicate<SyntheticNote> matches) {
        return corpus.stream().filter(matches).map(n -> SyntheticAssessments.pseudonym(n.patientId()))
                .collect(Collectors.toSet()).size();
    }

    private long count(String criteria) throws Exception {
        Answer answer = sink.post("api/cohorts/count", researcher, criteria);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode patients = json(answer).get("patients");
        return patients.get("value").isNull() ? -1 : patients.get("value").asLong();
    }

    private static List<String> displays(JsonNode series) {
        List<String> values = new ArrayList<>();
        series.get("points").forEach(p -> values.add(p.get("display").asText()));
        return values;
    }

    private static List<String> cellDisplays(JsonNode cells) {
        List<String> values = new ArrayList<>();
        cells.forEach(c -> values.add(c.get("display").asText()));
        return values;
    }

    private static List<Double> rates(JsonNode series) {
        List<Double> values = new ArrayList<>();
        series.get("points").forEach(p -> values.add(p.get("rate").isNull() ? null : p.get("rate").asDouble()));
        return values;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static JsonNode json(Answer answer) throws Exception {
        return JSON.readTree(answer.body());
    }
}
