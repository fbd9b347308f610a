package org.vigil.embedded.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.vigil.schemas.Adjudication;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.IngestMetadata;
import org.vigil.schemas.RawNote;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskSignal;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.SignalKind;
import org.vigil.schemas.Verdict;

/** One synthetic instance of each generated record type, every optional field filled. */
final class SampleRecords {

    static final Instant AUTHORED = Instant.parse("2031-03-04T10:15:30.123Z");

    private SampleRecords() {
    }

    static RawNote rawNote() {
        return RawNote.newBuilder()
                .setNoteKey("synthetic-ehr|n-0001").setSourceSystem("synthetic-ehr").setSourceNoteId("n-0001")
                .setPatientId("p-42").setEncounterId("e-7").setNoteType("progress").setAuthorRole("psychiatrist")
                .setAuthoredAt(AUTHORED)
                .setText("Patient Ada Testperson denies suicidal ideation. Seen on 03/04/2031.")
                .setAttributes(Map.of("sex", "F", "birthDate", "1980-01-01"))
                .setIngest(IngestMetadata.newBuilder().setAdapter("csv").setSourceLocation("notes.csv:2")
                        .setReceivedAt(AUTHORED.plusSeconds(60)).setContentType("text/csv").setCharset("UTF-8")
                        .build())
                .build();
    }

    static DeidentifiedNote deidentifiedNote() {
        return DeidentifiedNote.newBuilder()
                .setNoteId("hmac-note-1").setPatientPseudonym("hmac-patient-1").setEncounterPseudonym("hmac-enc-1")
                .setNoteType("progress").setAuthorRole("psychiatrist").setNoteDate(AUTHORED.minusSeconds(86_400))
                .setText("Patient [NAME] denies suicidal ideation. Seen on 02/26/2031.")
                .setPhiCounts(Map.of("NAME", 1, "DATE", 1)).setRulesetVersion("deid-rules-1.0.0")
                .setMode("SURROGATE").setAttributes(Map.of("sex", "F", "ageBand", "50-59"))
                .setSourceAdapter("csv")
                .build();
    }

    static RiskAssessment riskAssessment() {
        return RiskAssessment.newBuilder()
                .setNoteId("hmac-note-1").setNote(deidentifiedNote())
                .setSignals(List.of(RiskSignal.newBuilder()
                        .setKind(SignalKind.SUICIDAL_IDEATION).setAssertion(Assertion.NEGATED).setConfidence(0.875)
                        .setEvidenceStart(15).setEvidenceEnd(39).setEvidenceText("denies suicidal ideation")
                        .setSection("assessment").setSource("rule:si-negated").setSourceVersion("rules-1.0.0")
                        .build()))
                .setRiskTier(RiskTier.LOW).setTierReasons(List.of("negated ideation only"))
                .setBackend("rules").setAssessedAt(AUTHORED.plusSeconds(120))
                .build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setStage("ingest").setReasonCode("EMPTY_NOTE").setReason("Note has no text")
                .setSourceLocation("notes.csv:9").setSourceTopic("notes.raw").setSourcePartition(2)
                .setSourceOffset(1234L).setOccurredAt(AUTHORED)
                .build();
    }

    static Adjudication adjudication() {
        return Adjudication.newBuilder()
                .setNoteId("hmac-note-1").setVerdict(Verdict.FALSE_POSITIVE).setReason("negated mention")
                .setRiskTier(RiskTier.LOW).setReviewerRole("psychiatrist").setAdjudicatedAt(AUTHORED)
                .build();
    }
}
