package org.vigil.runtime.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.vigil.schemas.Adjudication;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.RawNote;
import org.vigil.schemas.RiskAssessment;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * The catalogue of every topic in the pipeline. No stage spells a topic name or builds a serde by hand.
 */
public final class Topics {

    private static final Duration WEEK = Duration.ofDays(7);

    /** Notes as hospitals sent them. The only topic that carries PHI; only ingest writes and only de-identify reads. */
    public static final Topic<RawNote> NOTES_RAW =
            new Topic<>("vigil.notes.raw", RawNote.class, 6, WEEK, "delete");
    /** Notes after Safe Harbor de-identification, keyed by pseudonymous note id. */
    public static final Topic<DeidentifiedNote> NOTES_DEIDENTIFIED =
            new Topic<>("vigil.notes.deidentified", DeidentifiedNote.class, 6, Duration.ofDays(30), "delete");
    /** Notes the de-identifier could not clean (fail closed): a reason and the raw coordinates, never the text. */
    public static final Topic<DeadLetter> NOTES_QUARANTINE =
            new Topic<>("vigil.notes.quarantine", DeadLetter.class, 1, Duration.ofDays(30), "delete");
    /** Risk signals per note, with evidence and tier. */
    public static final Topic<RiskAssessment> RISK_ASSESSMENTS =
            new Topic<>("vigil.risk.assessments", RiskAssessment.class, 6, Duration.ofDays(30), "delete");
    /** Records a stage could not process, with stage, reason and source location. */
    public static final Topic<DeadLetter> DEAD_LETTERS =
            new Topic<>("vigil.deadletter", DeadLetter.class, 1, Duration.ofDays(30), "delete");
    /** Clinicians' adjudications of alerts, for measuring rules and models. */
    public static final Topic<Adjudication> ADJUDICATIONS =
            new Topic<>("vigil.feedback.adjudications", Adjudication.class, 1, Duration.ofDays(-1), "delete");

    public static final List<Topic<?>> ALL = List.of(
            NOTES_RAW, NOTES_DEIDENTIFIED, NOTES_QUARANTINE, RISK_ASSESSMENTS, DEAD_LETTERS, ADJUDICATIONS);

    private Topics() {
    }

    /**
     * Creates every catalogue topic that does not exist yet. {@code partitions} overrides the catalogue's count
     * where positive (the embedded default uses fewer partitions than production).
     */
    public static void create(Admin admin, short replicationFactor, int partitions, Map<String, String> extraSettings) {
        List<NewTopic> wanted = ALL.stream().map(topic -> {
            Map<String, String> settings = new java.util.HashMap<>(topic.settings());
            settings.putAll(extraSettings);
            // Single-partition topics (dead letters, quarantine, feedback) keep one partition: their order matters.
            int count = partitions <= 0 || topic.partitions() == 1 ? topic.partitions() : partitions;
            return new NewTopic(topic.name(), count, replicationFactor).configs(settings);
        }).collect(Collectors.toList());
        try {
            var existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            awaitVisible(admin, wanted.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                // A least-privilege principal (User:vigil-ingest) sees and may create none of the other stages'
                // topics: on a secured cluster `vigil setup`, as the admin, made them.
                return;
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create Vigil topics: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    /** Creation is acknowledged by the controller before brokers serve the topic's metadata: wait for it. */
    private static void awaitVisible(Admin admin, List<String> names) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!admin.listTopics().names().get().containsAll(names)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topics were created but did not become visible within 60 s");
            }
            Thread.sleep(100);
        }
    }
}
