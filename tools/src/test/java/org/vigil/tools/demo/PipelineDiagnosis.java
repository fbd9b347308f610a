package org.vigil.tools.demo;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.vigil.runtime.kafka.Topics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What a fault test prints when the pipeline did not finish in time, so that a failure seen once on CI can be read
 * afterwards: each topic partition's high watermark and last stable offset (a gap that never closes is a hanging
 * transaction that blocks read_committed consumers), each group's committed offsets, the open transactions, and the
 * last warnings of the test log. Offsets, client ids and log levels only: nothing from a note.
 */
final class PipelineDiagnosis {

    private static final int LOG_LINES = 120;

    private PipelineDiagnosis() {
    }

    static String of(EmbeddedPipeline pipeline) {
        StringBuilder out = new StringBuilder("---- pipeline diagnosis ----\n");
        out.append("stages healthy: ").append(pipeline.healthy()).append('\n');
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", pipeline.platform().broker().bootstrapServers()))) {
            offsets(admin, out);
            groups(admin, out);
            transactions(admin, out);
        } catch (Exception e) {
            out.append("diagnosis incomplete: ").append(e).append('\n');
        }
        logTail(out);
        return out.toString();
    }

    private static void offsets(Admin admin, StringBuilder out) throws Exception {
        List<String> topics = List.of(Topics.NOTES_RAW.name(), Topics.NOTES_DEIDENTIFIED.name(),
                Topics.RISK_ASSESSMENTS.name());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) ->
                d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        var high = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                .get(30, TimeUnit.SECONDS);
        var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(30, TimeUnit.SECONDS);
        for (TopicPartition tp : byName(latest).values()) {
            out.append(String.format("%-40s high watermark %6d  last stable %6d%n", tp,
                    high.get(tp).offset(), stable.get(tp).offset()));
        }
    }

    private static void groups(Admin admin, StringBuilder out) throws Exception {
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            out.append("group ").append(group.groupId()).append(" (").append(group.groupState().orElse(null))
                    .append(")\n");
            for (Map.Entry<String, TopicPartition> e : byName(committed).entrySet()) {
                OffsetAndMetadata at = committed.get(e.getValue());
                out.append("    ").append(e.getKey()).append(" committed ").append(at == null ? "-" : at.offset())
                        .append('\n');
            }
        }
    }

    private static void transactions(Admin admin, StringBuilder out) throws Exception {
        List<String> ids = new ArrayList<>();
        for (TransactionListing t : admin.listTransactions().all().get(30, TimeUnit.SECONDS)) {
            ids.add(t.transactionalId());
        }
        if (ids.isEmpty()) {
            out.append("no transactional producers known to the coordinator\n");
            return;
        }
        Map<String, TransactionDescription> described = admin.describeTransactions(ids).all().get(30, TimeUnit.SECONDS);
        new TreeMap<>(described).forEach((id, d) -> out.append(String.format(
                "transaction %s: %s, producer %d epoch %d, started %s, partitions %s%n", id, d.state(),
                d.producerId(), d.producerEpoch(), d.transactionStartTimeMs().orElse(-1L), d.topicPartitions())));
    }

    private static <V> Map<String, TopicPartition> byName(Map<TopicPartition, V> partitions) {
        Map<String, TopicPartition> named = new TreeMap<>();
        partitions.keySet().forEach(tp -> named.put(tp.toString(), tp));
        return named;
    }

    /** The last warnings and errors of the file the failsafe configuration sends every log line to. */
    private static void logTail(StringBuilder out) {
        String file = System.getProperty("org.slf4j.simpleLogger.logFile");
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            return;
        }
        try {
            List<String> warnings = Files.readAllLines(Path.of(file)).stream()
                    .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
            out.append("last ").append(Math.min(LOG_LINES, warnings.size())).append(" warnings of ").append(file)
                    .append(":\n");
            warnings.subList(Math.max(0, warnings.size() - LOG_LINES), warnings.size())
                    .forEach(l -> out.append("    ").append(l, 0, Math.min(l.length(), 400)).append('\n'));
        } catch (IOException e) {
            out.append("log unreadable: ").append(e).append('\n');
        }
    }
}
