package org.vigil.runtime.kafka;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;

/**
 * Least privilege on the pipeline's topics: one principal per stage, allowed only the topics, consumer groups and
 * transactional ids it needs. Above all, only ingest writes and only de-identify reads the raw topic, the one that
 * carries PHI. The same bindings are applied to the compose cluster and to the embedded broker in tests.
 */
public final class StageAccess {

    /** Group ids, Streams application ids and transactional-id prefixes start with these. */
    public static final String INGEST = "vigil-ingest";
    public static final String DEIDENTIFY = "vigil-deidentify";
    public static final String INFERENCE = "vigil-inference";
    public static final String SINK = "vigil-sink";
    public static final String REGISTRY = "vigil-registry";
    public static final String SCHEMAS_TOPIC = "_schemas";

    private StageAccess() {
    }

    /** Every ACL of the pipeline, with each stage's principal named like its application id (User:vigil-sink). */
    public static List<AclBinding> bindings() {
        List<AclBinding> acls = new ArrayList<>();
        // ingest: writes raw notes and its dead letters; nothing else.
        topic(acls, INGEST, Topics.NOTES_RAW, AclOperation.WRITE, AclOperation.DESCRIBE);
        topic(acls, INGEST, Topics.DEAD_LETTERS, AclOperation.WRITE, AclOperation.DESCRIBE);
        transactionalAndGroup(acls, INGEST);
        // de-identify: the only reader of the raw topic.
        topic(acls, DEIDENTIFY, Topics.NOTES_RAW, AclOperation.READ, AclOperation.DESCRIBE);
        topic(acls, DEIDENTIFY, Topics.NOTES_DEIDENTIFIED, AclOperation.WRITE, AclOperation.DESCRIBE);
        topic(acls, DEIDENTIFY, Topics.NOTES_QUARANTINE, AclOperation.WRITE, AclOperation.DESCRIBE);
        topic(acls, DEIDENTIFY, Topics.DEAD_LETTERS, AclOperation.WRITE, AclOperation.DESCRIBE);
        streamsInternals(acls, DEIDENTIFY);
        // inference: de-identified text in, assessments out.
        topic(acls, INFERENCE, Topics.NOTES_DEIDENTIFIED, AclOperation.READ, AclOperation.DESCRIBE);
        topic(acls, INFERENCE, Topics.RISK_ASSESSMENTS, AclOperation.WRITE, AclOperation.DESCRIBE);
        topic(acls, INFERENCE, Topics.DEAD_LETTERS, AclOperation.WRITE, AclOperation.DESCRIBE);
        streamsInternals(acls, INFERENCE);
        // sink: assessments in, adjudication feedback out.
        topic(acls, SINK, Topics.RISK_ASSESSMENTS, AclOperation.READ, AclOperation.DESCRIBE);
        topic(acls, SINK, Topics.ADJUDICATIONS, AclOperation.WRITE, AclOperation.DESCRIBE);
        topic(acls, SINK, Topics.DEAD_LETTERS, AclOperation.WRITE, AclOperation.DESCRIBE);
        transactionalAndGroup(acls, SINK);
        // schema registry: its own compacted topic.
        acls.add(allow(REGISTRY, new ResourcePattern(ResourceType.TOPIC, SCHEMAS_TOPIC, PatternType.LITERAL),
                AclOperation.ALL));
        acls.add(allow(REGISTRY, new ResourcePattern(ResourceType.GROUP, "schema-registry", PatternType.PREFIXED),
                AclOperation.ALL));
        return List.copyOf(acls);
    }

    private static void topic(List<AclBinding> acls, String principal, Topic<?> topic, AclOperation... operations) {
        for (AclOperation op : operations) {
            acls.add(allow(principal, new ResourcePattern(ResourceType.TOPIC, topic.name(), PatternType.LITERAL), op));
        }
    }

    private static void transactionalAndGroup(List<AclBinding> acls, String principal) {
        acls.add(allow(principal, new ResourcePattern(ResourceType.GROUP, principal, PatternType.PREFIXED), AclOperation.READ));
        acls.add(allow(principal, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, principal, PatternType.PREFIXED), AclOperation.WRITE));
        acls.add(allow(principal, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, principal, PatternType.PREFIXED), AclOperation.DESCRIBE));
        acls.add(allow(principal, new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL), AclOperation.IDEMPOTENT_WRITE));
    }

    /** A Streams application also owns its internal topics, named after its application id. */
    private static void streamsInternals(List<AclBinding> acls, String principal) {
        transactionalAndGroup(acls, principal);
        acls.add(allow(principal, new ResourcePattern(ResourceType.TOPIC, principal, PatternType.PREFIXED), AclOperation.ALL));
        acls.add(allow(principal, new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL), AclOperation.DESCRIBE_CONFIGS));
    }

    private static AclBinding allow(String principal, ResourcePattern resource, AclOperation op) {
        return new AclBinding(resource, new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW));
    }
}
