package org.vigil.tools.deid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.tools.VigilTools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil deid --fhir} over the Synthea export in the shared material (1,215 notes of 10 synthetic patients,
 * text nobody on this project wrote, Apache-2.0): with each note's record, none of its patient's structured
 * identifiers is left verbatim; from the text alone, nearly all mentions of the patient's name are still removed.
 * The expected values are read here from the Patient file with plain Jackson, not through the code under test.
 */
class SyntheaDeidentificationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    // Tests run in the module's folder: the shared material lies beside the checkout, two levels up.
    private static final Path EXPORT = Path.of(System.getProperty("vigil.corpora", "../../shared/corpora"))
            .resolve("synthea-10-patients");

    /** A patient's values as the record holds them, by kind. */
    private record Patient(Set<String> names, Map<String, Set<String>> other) {
    }

    private static Map<String, Patient> patients;
    private static Map<String, String> patientOfNote;
    private static Map<String, String> textOfNote;

    @BeforeAll
    static void readExport() throws IOException {
        assertThat(EXPORT).as("the shared Synthea export (../shared/corpora beside the checkout)").isDirectory();
        patients = new HashMap<>();
        for (String line : Files.readAllLines(EXPORT.resolve("Patient.000.ndjson"))) {
            JsonNode p = JSON.readTree(line);
            Set<String> names = new LinkedHashSet<>();
            Map<String, Set<String>> other = new TreeMap<>();
            p.path("name").forEach(n -> {
                n.path("given").forEach(g -> names.add(g.asText()));
                if (n.hasNonNull("family")) {
                    names.add(n.path("family").asText());
                }
            });
            p.path("identifier").forEach(i -> add(other, "identifier", i.path("value").asText()));
            p.path("telecom").forEach(t -> add(other, "telecom", t.path("value").asText()));
            p.path("address").forEach(a -> {
                a.path("line").forEach(l -> add(other, "address line", l.asText()));
                add(other, "city", a.path("city").asText());
                add(other, "postal code", a.path("postalCode").asText());
            });
            add(other, "birth date", p.path("birthDate").asText());
            patients.put("Patient/" + p.path("id").asText(), new Patient(names, other));
        }
        patientOfNote = new HashMap<>();
        textOfNote = new HashMap<>();
        for (String line : Files.readAllLines(EXPORT.resolve("DocumentReference.000.ndjson"))) {
            JsonNode d = JSON.readTree(line);
            String id = d.path("id").asText();
            patientOfNote.put(id, d.path("subject").path("reference").asText());
            textOfNote.put(id, new String(Base64.getDecoder().decode(
                    d.path("content").get(0).path("attachment").path("data").asText()), StandardCharsets.UTF_8));
        }
    }

    private static void add(Map<String, Set<String>> other, String kind, String value) {
        if (!value.isBlank()) {
            other.computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(value);
        }
    }

    private static Path deid(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("deid", "--fhir", EXPORT.toString(), "--out", out.toString(),
                "--mode", "tag"));
        args.addAll(List.of(extra));
        assertThat(VigilTools.commandLine().execute(args.toArray(String[]::new))).isZero();
        return out;
    }

    private static String output(Path out, String noteId) throws IOException {
        return Files.readString(out.resolve(noteId + ".txt"));
    }

    private static int mentions(String word, String text) {
        Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void withTheirRecordsNoNoteKeepsAnyOfItsPatientsIdentifiers(@TempDir Path out) throws IOException {
        deid(out);
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> note : patientOfNote.entrySet()) {
            Patient patient = patients.get(note.getValue());
            assertThat(patient).as("the patient of every note is in the export").isNotNull();
            String text = output(out, note.getKey()).toLowerCase(Locale.ROOT);
            for (String name : patient.names()) {
                if (mentions(name, text) > 0) {
                    leaks.add(note.getKey() + ": a name part");
                }
            }
            patient.other().forEach((kind, values) -> values.forEach(v -> {
                if (text.contains(v.toLowerCase(Locale.ROOT))) {
                    leaks.add(note.getKey() + ": " + kind);
                }
            }));
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void fromTheTextAloneNearlyEveryMentionOfThePatientsNameIsRemoved(@TempDir Path out) throws IOException {
        deid(out, "--no-record-identifiers");
        int mentioned = 0;
        int left = 0;
        for (Map.Entry<String, String> note : patientOfNote.entrySet()) {
            String before = textOfNote.get(note.getKey());
            String after = output(out, note.getKey());
            for (String name : patients.get(note.getValue()).names()) {
                mentioned += mentions(name, before);
                left += mentions(name, after);
            }
        }
        double removed = 1.0 - (double) left / mentioned;
        System.out.printf(Locale.ROOT, "Synthea, text alone: %d of %d patient-name mentions removed (%.4f)%n",
                mentioned - left, mentioned, removed);
        assertThat(mentioned).isEqualTo(2248);
        assertThat(removed).isGreaterThanOrEqualTo(0.99);
    }
}
