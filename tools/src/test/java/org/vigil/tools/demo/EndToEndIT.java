package org.vigil.tools.demo;


import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.PhiAnnotation;
import org.vigil.corpus.SyntheticNote;
import org.vigil.runtime.kafka.Topic;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.wire.SchemaRegistryClient;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 generated notes through the real embedded broker, registry, de-identify, inference, sink and PostgreSQL:
 * every note accounted for, and no identifier from the generator's ground truth anywhere downstream.
 */
class EndToEndIT {

    private static final int NOTES = 200;

    @TempDir
    Path dir;

    @Test
    void everyNoteIsAccountedForAndNoGroundTruthPhiReachesAnyTopicOrRow() throws Exception {
        List<SyntheticNote> notes = new CorpusGenerator(3_000L).generate(NOTES);
        // Tag mode: a surrogate may by chance equal another note's real name, which would blur a leak check.
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dir.resolve("run"), 3, Map.of("deid.mode", "TAG"))) {
            PipelineRun.ingestAndSettle(pipeline, notes, dir.resolve("notes"));

            try (TopicTally tally = new TopicTally(pipeline.platform().broker().bootstrapServers(),
                    new SchemaRegistryClient(pipeline.platform().registry().url()))) {
                tally.refresh();
                assertThat(tally.raw()).isEqualTo(NOTES);
                assertThat(tally.deidentified()).isEqualTo(NOTES);
                assertThat(tally.quarantined()).isZero();
                assertThat(tally.deadLettered()).isZero();
                assertThat(tally.assessed()).isEqualTo(NOTES);
            }
            try (StoreCensus store = new StoreCensus(pipeline.platform().postgres())) {
                assertThat(store.rows(Progress.NOTES_TABLE)).isEqualTo(NOTES);
            }

            Map<String, String> phi = distinctivePhi(notes);
            assertThat(phi).hasSizeGreaterThan(NOTES);
            List<String> downstream = new ArrayList<>();
            downstream.addAll(decodedRecords(pipeline, Topics.NOTES_DEIDENTIFIED));
            downstream.addAll(decodedRecords(pipeline, Topics.RISK_ASSESSMENTS));
            downstream.addAll(decodedRecords(pipeline, Topics.DEAD_LETTERS));
            downstream.addAll(decodedRecords(pipeline, Topics.NOTES_QUARANTINE));
            downstream.addAll(textInEveryRow(pipeline));
            assertThat(downstream).hasSizeGreaterThan(4 * NOTES);
            // Leaks are reported by PHI type and count only, so that a failing run prints no identifier.
            // The synthetic strings themselves go to a file under target/ for whoever mends the leak.
            Map<String, Integer> leaksByType = new java.util.TreeMap<>();
            List<String> leakReport = new ArrayList<>();
            Map<String, Pattern> patterns = new java.util.HashMap<>();
            phi.keySet().forEach(text -> patterns.put(text, wholeWord(text)));
            for (String record : downstream) {
                phi.forEach((text, type) -> {
                    if (!record.contains(text)) {
                        return;
                    }
                    var m = patterns.get(text).matcher(record);
                    if (m.find()) {
                        leaksByType.merge(type, 1, Integer::sum);
                        leakReport.add(type + "\t" + text + "\t..." + record.substring(Math.max(0, m.start() - 40),
                                Math.min(record.length(), m.end() + 40)).replace('\n', ' ') + "...");
                    }
                });
            }
            java.nio.file.Files.write(Path.of("target", "e2e-phi-leaks.txt"), leakReport);
            assertThat(leaksByType).as("ground-truth PHI found downstream, by type").isEmpty();
        }
    }

    /**
     * The ground-truth identifiers Safe Harbor requires removed, as whole-word patterns, keeping those that never
     * occur in the corpus outside a PHI span (a name like "Will" is also a word, and would then prove nothing).
     */
    static Map<String, String> distinctivePhi(List<SyntheticNote> notes) {
        Map<String, String> strings = new java.util.HashMap<>();
        for (SyntheticNote note : notes) {
            for (PhiAnnotation span : note.phi()) {
                if (span.mustRemove() && span.text().strip().length() >= 3) {
                    strings.put(span.text().strip(), span.category() + "/" + span.type());
                }
            }
        }
        Map<String, String> distinctive = new java.util.HashMap<>();
        strings.forEach((text, type) -> {
            Pattern p = wholeWord(text);
            boolean outsidePhi = notes.stream().anyMatch(n -> n.text().contains(text) && occursOutsidePhi(p, n));
            if (!outsidePhi) {
                distinctive.put(text, type);
            }
        });
        return distinctive;
    }

    private static Pattern wholeWord(String text) {
        return Pattern.compile("(?<![\\p{Alnum}])" + Pattern.quote(text) + "(?![\\p{Alnum}])");
    }

    private static boolean occursOutsidePhi(Pattern p, SyntheticNote note) {
        var m = p.matcher(note.text());
        while (m.find()) {
            int start = m.start();
            int end = m.end();
            boolean covered = note.phi().stream().anyMatch(s -> s.start() <= start && end <= s.end());
            if (!covered) {
                return true;
            }
        }
        return false;
    }

    /** The free-text fields of every committed record on {@code topic}: where an identifier could hide. */
    private static List<String> decodedRecords(EmbeddedPipeline pipeline, Topic<?> topic) {
        var serde = topic.valueSerde(new SchemaRegistryClient(pipeline.platform().registry().url()));
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(
                pipeline.platform().broker().bootstrapServers(), topic.name(), Duration.ofSeconds(30))) {
            out.add(r.key() == null ? "" : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8));
            textFields(serde.deserializer().deserialize(topic.name(), r.value()), out);
        }
        return out;
    }

    /** Every string in an Avro record, recursively (numbers and timestamps cannot carry a name or a date). */
    private static void textFields(Object value, List<String> out) {
        if (value instanceof CharSequence text) {
            out.add(text.toString());
        } else if (value instanceof org.apache.avro.generic.IndexedRecord record) {
            for (int i = 0; i < record.getSchema().getFields().size(); i++) {
                textFields(record.get(i), out);
            }
        } else if (value instanceof java.util.Collection<?> items) {
            items.forEach(item -> textFields(item, out));
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                textFields(k, out);
                textFields(v, out);
            });
        }
    }

    private static List<String> textInEveryRow(EmbeddedPipeline pipeline) throws Exception {
        var pg = pipeline.platform().postgres();
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select table_name from information_schema.tables "
                    + "where table_schema = 'public' and table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("select * from \"" + table + "\"")) {
                    var meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            int type = meta.getColumnType(i);
                            boolean textual = type == java.sql.Types.VARCHAR || type == java.sql.Types.CHAR
                                    || type == java.sql.Types.LONGVARCHAR || type == java.sql.Types.OTHER
                                    || type == java.sql.Types.ARRAY;
                            if (textual && rs.getString(i) != null) {
                                rows.add(rs.getString(i));
                            }
                        }
                    }
                }
            }
        }
        return rows;
    }
}
