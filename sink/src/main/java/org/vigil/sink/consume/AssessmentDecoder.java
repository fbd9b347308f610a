package org.vigil.sink.consume;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskSignal;
import org.vigil.schemas.wire.SchemaRegistryException;

/**
 * Reads one assessments-topic record and checks what the store relies on: the embedded note is the assessed note
 * and every evidence span lies inside its text. Reasons never quote the record, which may carry note text.
 */
final class AssessmentDecoder {

    private final Deserializer<RiskAssessment> deserializer;

    AssessmentDecoder(Deserializer<RiskAssessment> deserializer) {
        this.deserializer = deserializer;
    }

    /**
     * Decodes a record value.
     *
     * @throws RegistryUnavailableException when the writer's schema cannot be fetched now (registry down); the
     *                                      record is not poison and must be read again later
     */
    Decoded decode(String topic, byte[] value) {
        if (value == null) {
            return new Decoded.Rejected("NULL_VALUE", "Record has no value (tombstone); assessments are never deleted this way");
        }
        RiskAssessment a;
        try {
            a = deserializer.deserialize(topic, value);
        } catch (SerializationException e) {
            SchemaRegistryException registry = registryCause(e);
            if (registry != null && (registry.httpStatus() == -1 || registry.httpStatus() >= 500)) {
                throw new RegistryUnavailableException(registry);
            }
            return new Decoded.Rejected("DESERIALIZATION_FAILED",
                    "Value is not a RiskAssessment in Confluent wire format (" + e.getClass().getSimpleName() + ")");
        } catch (RuntimeException e) {
            return new Decoded.Rejected("DESERIALIZATION_FAILED",
                    "Value could not be read as a RiskAssessment (" + e.getClass().getSimpleName() + ")");
        }
        return check(a);
    }

    static Decoded check(RiskAssessment a) {
        if (a.getNoteId().isBlank()) {
            return new Decoded.Rejected("MISSING_NOTE_ID", "Assessment has a blank noteId");
        }
        if (!a.getNoteId().equals(a.getNote().getNoteId())) {
            return new Decoded.Rejected("INCONSISTENT_NOTE_ID", "Assessment noteId differs from its embedded note's noteId");
        }
        int length = a.getNote().getText().length();
        for (int i = 0; i < a.getSignals().size(); i++) {
            RiskSignal s = a.getSignals().get(i);
            if (s.getEvidenceStart() < 0 || s.getEvidenceEnd() < s.getEvidenceStart() || s.getEvidenceEnd() > length) {
                return new Decoded.Rejected("INVALID_EVIDENCE_OFFSETS", "Signal " + i + " has evidence offsets "
                        + s.getEvidenceStart() + ".." + s.getEvidenceEnd() + " outside the note's " + length + " characters");
            }
        }
        return new Decoded.Valid(a);
    }

    private static SchemaRegistryException registryCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException r) {
                return r;
            }
        }
        return null;
    }

    /** The schema registry could not answer; reading must wait, the record is not at fault. */
    static final class RegistryUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RegistryUnavailableException(SchemaRegistryException cause) {
            super("Schema registry unavailable: " + cause.getMessage(), cause);
        }
    }
}
