package org.vigil.inference.model;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;
import org.vigil.schemas.RiskSignal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The onnx backend for real: ONNX Runtime on CPU with the model this module ships. */
class OnnxBackendTest {

    private static final RuleBasedExtractor RULES = new RuleBasedExtractor(RuleSet.standard());
    private static OnnxBackend confirm;

    @BeforeAll
    static void open() {
        confirm = OnnxBackend.open(ModelManifest.shipped(), RULES, "cpu", ModelBackend.Combination.CONFIRM, 0.9, 32, 0);
    }

    @AfterAll
    static void close() {
        confirm.close();
    }

    private static List<String> kinds(List<RiskSignal> signals) {
        return signals.stream().map(s -> s.getKind() + " " + s.getAssertion() + " [" + s.getEvidenceText() + "]").toList();
    }

    @Test
    void shippedModelRunsOnCpuAndConfirmsTheRuleSignals() {
        assertThat(confirm.device()).isEqualTo("cpu");
        List<List<RiskSignal>> out = confirm.extract(List.of(
                "Endorses SI with plan to overdose on her pills.",
                "Denies SI/HI. Mother completed suicide."));
        assertThat(kinds(out.get(0))).containsExactly(
                "SUICIDAL_IDEATION AFFIRMED [SI]",
                "SUICIDE_PLAN AFFIRMED [plan to overdose on her pills]");
        assertThat(kinds(out.get(1))).containsExactly(
                "SUICIDAL_IDEATION NEGATED [SI/HI]",
                "HOMICIDAL_IDEATION NEGATED [SI/HI]",
                "SUICIDE_ATTEMPT FAMILY [completed suicide]");
        RiskSignal si = out.get(0).get(0);
        assertThat(si.getSource()).isEqualTo("vigil-context-lr|lexicon/SUICIDAL_IDEATION:3");
        assertThat(si.getSourceVersion()).isEqualTo(ModelManifest.shipped().version() + "|" + RULES.version());
        assertThat(si.getConfidence()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
    }

    @Test
    void confirmModeDropsARuleCandidateTheModelRejects() {
        // "shelter" alone is a weak rule candidate: never kept in confirm mode.
        List<RiskSignal> out = confirm.extract(List.of("Emailed shelter intake.")).get(0);
        assertThat(out).isEmpty();
    }

    @Test
    void microBatchesSingleNoteCallsFromConcurrentThreads() throws Exception {
        try (OnnxBackend batched = OnnxBackend.open(ModelManifest.shipped(), RULES, "cpu",
                ModelBackend.Combination.UNION, 0.9, 8, 200)) {
            String note = "Passive SI without plan or intent. Drinks 6 beers nightly.";
            List<RiskSignal> direct = confirm.extract(List.of(note)).get(0);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<RiskSignal>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return batched.extract(List.of(note)).get(0);
                }));
            }
            go.countDown();
            for (Future<List<RiskSignal>> f : results) {
                assertThat(kinds(f.get())).isEqualTo(kinds(direct));
            }
            pool.shutdown();
            assertThat(batched.batcher()).isPresent();
            assertThat(batched.batcher().get().largestBatch()).isGreaterThan(1);
            assertThat(batched.batcher().get().batches()).isLessThan(8);
        }
    }
}
