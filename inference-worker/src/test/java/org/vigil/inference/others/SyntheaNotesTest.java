package org.vigil.inference.others;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.inference.RiskTierPolicy;
import org.vigil.inference.model.ModelBackend;
import org.vigil.inference.model.ModelManifest;
import org.vigil.inference.model.OnnxBackend;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.RiskSignal;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.SignalKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The rules on notes nobody on this project wrote: the Synthea FHIR export in {@code shared/corpora/synthea-10-patients}
 * (1,215 notes of 10 synthetic patients, Markdown sections, SNOMED CT display strings). None of its patients has a
 * suicide-related, self-harm, overdose or homicidal condition, so any such signal affirmed is a false alarm; the
 * conditions its Condition resources list and its notes repeat must still be found. Failure messages name notes by
 * id and signals by kind and assertion, never by their text.
 */
class SyntheaNotesTest {

    private static final String CORPUS = "synthea-10-patients";
    private static final Set<SignalKind> FALSE_ALARM_KINDS = EnumSet.of(SignalKind.SUICIDAL_IDEATION,
            SignalKind.SUICIDE_PLAN, SignalKind.SUICIDE_ATTEMPT, SignalKind.SELF_HARM, SignalKind.HOMICIDAL_IDEATION,
            SignalKind.OVERDOSE);
    private static final Set<Assertion> AFFIRMED_OR_HISTORICAL = EnumSet.of(Assertion.AFFIRMED, Assertion.HISTORICAL);

    /** A coded condition (SNOMED CT display, as the notes write it) that names a Vigil signal, and how it may read. */
    private record Expected(SignalKind kind, Set<Assertion> assertions) {
    }

    /**
     * The conditions of these patients that Vigil's taxonomy covers. "Patient has a history of ..." is HISTORICAL,
     * "Patient is presenting with ..." AFFIRMED (ANNOTATION-GUIDELINES.md); violence in the patient's environment is
     * done by someone else, FAMILY by the guidelines' VIOLENCE.
     */
    private static final Map<String, Expected> COVERED = Map.of(
            "victim of intimate partner abuse (finding)",
            new Expected(SignalKind.INTIMATE_PARTNER_VIOLENCE, AFFIRMED_OR_HISTORICAL),
            "social isolation (finding)", new Expected(SignalKind.SOCIAL_ISOLATION, AFFIRMED_OR_HISTORICAL),
            "limited social contact (finding)", new Expected(SignalKind.SOCIAL_ISOLATION, AFFIRMED_OR_HISTORICAL),
            "unhealthy alcohol drinking behavior (finding)",
            new Expected(SignalKind.SUBSTANCE_USE, AFFIRMED_OR_HISTORICAL),
            "misuses drugs (finding)", new Expected(SignalKind.SUBSTANCE_USE, AFFIRMED_OR_HISTORICAL),
            "reports of violence in the environment (finding)",
            new Expected(SignalKind.VIOLENCE, EnumSet.of(Assertion.FAMILY)));

    private record Note(String id, String patient, String text, List<RiskSignal> signals, RiskTier tier) {
    }

    private static List<Note> notes;
    /** The same notes read by the shipped model over the rules' candidates, by combination (union, confirm). */
    private static Map<ModelBackend.Combination, List<Note>> modelNotes;
    private static Map<String, Set<String>> conditionsByPatient;

    @BeforeAll
    static void readAndAssessTheExport() throws IOException {
        Path dir = corpus();
        ObjectMapper json = new ObjectMapper();
        RuleBasedExtractor rules = new RuleBasedExtractor(RuleSet.standard());
        RiskTierPolicy policy = new RiskTierPolicy();
        notes = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("DocumentReference.000.ndjson"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode doc = json.readTree(line);
            String text = new String(Base64.getDecoder().decode(
                    doc.path("content").path(0).path("attachment").path("data").asText()), StandardCharsets.UTF_8);
            List<RiskSignal> signals = rules.extract(text);
            notes.add(new Note(doc.path("id").asText(), doc.path("subject").path("reference").asText(), text, signals,
                    policy.decide(signals).tier()));
        }
        conditionsByPatient = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("Condition.000.ndjson"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode c = json.readTree(line);
            conditionsByPatient.computeIfAbsent(c.path("subject").path("reference").asText(), p -> new HashSet<>())
                    .add(c.path("code").path("coding").path(0).path("display").asText().toLowerCase(Locale.ROOT));
        }
        printCounts("rules", notes);
        modelNotes = new EnumMap<>(ModelBackend.Combination.class);
        List<String> texts = notes.stream().map(Note::text).toList();
        for (ModelBackend.Combination combination : ModelBackend.Combination.values()) {
            try (OnnxBackend model = OnnxBackend.open(ModelManifest.shipped(), rules, "cpu", combination, 0.9, 32, 0)) {
                List<List<RiskSignal>> read = model.extract(texts);
                List<Note> out = new ArrayList<>();
                for (int k = 0; k < notes.size(); k++) {
                    Note n = notes.get(k);
                    out.add(new Note(n.id(), n.patient(), n.text(), read.get(k), policy.decide(read.get(k)).tier()));
                }
                modelNotes.put(combination, out);
                printCounts("rules + model (" + combination.name().toLowerCase(Locale.ROOT) + ")", out);
            }
        }
    }

    /** {@code shared/corpora/synthea-10-patients}, in the working directory or a folder above it (CI has it). */
    private static Path corpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpora").resolve(CORPUS);
            if (Files.isRegularFile(candidate.resolve("DocumentReference.000.ndjson"))) {
                return candidate;
            }
        }
        return fail("shared/corpora/" + CORPUS + "/DocumentReference.000.ndjson not found in "
                + Path.of("").toAbsolutePath() + " or any folder above it: this test needs the Synthea export "
                + "(see shared/corpora/" + CORPUS + "/README.md)");
    }

    /** Affirmed signals by kind and notes by tier: the figures the README and reviews quote. */
    private static void printCounts(String backend, List<Note> notes) {
        Map<SignalKind, Integer> affirmed = new EnumMap<>(SignalKind.class);
        Map<String, Integer> byAssertion = new TreeMap<>();
        Map<RiskTier, Integer> tiers = new EnumMap<>(RiskTier.class);
        for (Note n : notes) {
            tiers.merge(n.tier(), 1, Integer::sum);
            for (RiskSignal s : n.signals()) {
                byAssertion.merge(s.getKind() + " " + s.getAssertion(), 1, Integer::sum);
                if (s.getAssertion() == Assertion.AFFIRMED) {
                    affirmed.merge(s.getKind(), 1, Integer::sum);
                }
            }
        }
        System.out.println("Synthea export, " + backend + ": " + notes.size() + " notes; tiers " + tiers);
        System.out.println("Synthea export, " + backend + ": affirmed signals by kind " + affirmed);
        System.out.println("Synthea export, " + backend + ": signals by kind and assertion " + byAssertion);
    }

    @Test
    void readsEveryNoteOfTheExport() {
        assertThat(notes).hasSize(1215);
        assertThat(conditionsByPatient).isNotEmpty();
    }

    @Test
    void affirmsNoSuicideSelfHarmHomicideOrOverdoseSignal() {
        assertThat(falseAlarms(notes)).as("affirmed suicide, self-harm, homicide or overdose signals").isEmpty();
    }

    @Test
    void theShippedModelAddsNoFalseAlarm() {
        for (Map.Entry<ModelBackend.Combination, List<Note>> e : modelNotes.entrySet()) {
            assertThat(falseAlarms(e.getValue())).as("model (" + e.getKey() + "): affirmed suicide, self-harm, "
                    + "homicide or overdose signals").isEmpty();
            assertThat(highTiers(e.getValue())).as("model (" + e.getKey() + "): notes at HIGH or IMMINENT tier")
                    .isEmpty();
        }
    }

    private static List<String> falseAlarms(List<Note> notes) {
        List<String> falseAlarms = new ArrayList<>();
        for (Note n : notes) {
            for (RiskSignal s : n.signals()) {
                if (s.getAssertion() == Assertion.AFFIRMED && FALSE_ALARM_KINDS.contains(s.getKind())) {
                    falseAlarms.add(n.id() + ": " + s.getKind() + " AFFIRMED (" + s.getSource() + ")");
                }
            }
        }
        return falseAlarms;
    }

    @Test
    void raisesNoHighOrImminentTier() {
        assertThat(highTiers(notes)).as("notes at HIGH or IMMINENT tier").isEmpty();
    }

    private static List<String> highTiers(List<Note> notes) {
        List<String> alarms = new ArrayList<>();
        for (Note n : notes) {
            if (n.tier() == RiskTier.HIGH || n.tier() == RiskTier.IMMINENT) {
                alarms.add(n.id() + ": " + n.tier());
            }
        }
        return alarms;
    }

    @Test
    void findsTheCodedConditionsTheNotesList() {
        Map<String, Integer> checked = new TreeMap<>();
        List<String> missed = new ArrayList<>();
        for (Note n : notes) {
            String lower = n.text().toLowerCase(Locale.ROOT);
            for (String condition : conditionsByPatient.getOrDefault(n.patient(), Set.of())) {
                Expected expected = COVERED.get(condition);
                if (expected == null) {
                    continue;
                }
                for (int at = lower.indexOf(condition); at >= 0; at = lower.indexOf(condition, at + 1)) {
                    int start = at;
                    int end = at + condition.length();
                    boolean found = n.signals().stream().anyMatch(s -> s.getKind() == expected.kind()
                            && s.getEvidenceStart() >= start && s.getEvidenceEnd() <= end
                            && expected.assertions().contains(s.getAssertion()));
                    checked.merge(condition, 1, Integer::sum);
                    if (!found) {
                        missed.add(n.id() + " at " + start + ": " + condition + " as " + expected.kind() + " "
                                + expected.assertions());
                    }
                }
            }
        }
        System.out.println("Synthea export: coded conditions checked " + checked);
        assertThat(checked).as("conditions the notes list").containsOnlyKeys(COVERED.keySet());
        assertThat(missed).as("listed conditions not found with a fitting assertion").isEmpty();
    }

    @Test
    void findsNothingInATermCodedAsAProcedureOrRegime() {
        Map<String, Integer> terms = new TreeMap<>();
        List<String> found = new ArrayList<>();
        for (Note n : notes) {
            String text = n.text();
            int lineStart = 0;
            while (lineStart < text.length()) {
                int lineEnd = text.indexOf('\n', lineStart);
                lineEnd = lineEnd < 0 ? text.length() : lineEnd;
                String line = text.substring(lineStart, lineEnd).strip();
                if (line.startsWith("- ") && (line.endsWith("(procedure)") || line.endsWith("(regime/therapy)"))) {
                    terms.merge(line.substring(line.lastIndexOf('(')), 1, Integer::sum);
                    for (RiskSignal s : n.signals()) {
                        if (s.getEvidenceStart() < lineEnd && s.getEvidenceEnd() > lineStart) {
                            found.add(n.id() + " at " + s.getEvidenceStart() + ": " + s.getKind() + " "
                                    + s.getAssertion());
                        }
                    }
                }
                lineStart = lineEnd + 1;
            }
        }
        assertThat(terms).as("coded procedures and regimes listed").isNotEmpty();
        assertThat(found).as("signals inside procedures and regimes").isEmpty();
    }

    @Test
    void readsTheNotesMarkdownSections() {
        Map<String, Integer> sections = new TreeMap<>();
        for (Note n : notes) {
            for (RiskSignal s : n.signals()) {
                sections.merge(String.valueOf(s.getSection()), 1, Integer::sum);
            }
        }
        System.out.println("Synthea export: signals by section " + sections);
        assertThat(sections).doesNotContainKey("null")
                .containsKeys("HISTORY_OF_PRESENT_ILLNESS", "ASSESSMENT_AND_PLAN");
    }
}
