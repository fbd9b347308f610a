package org.vigil.inference.model;

import org.vigil.inference.backend.InferenceBackend;
import org.vigil.inference.rules.Mention;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.RiskSignal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rules plus a candidate model: the rules propose mentions (their signals and weak candidates), the model scores
 * each, and the two are combined by {@link Combination}. Notes handed over one at a time by concurrent callers
 * are micro-batched when a batch wait is set.
 */
public class ModelBackend implements InferenceBackend {

    /** How model and rules are combined. */
    public enum Combination {
        /** Every rule signal, plus weak candidates the model accepts: the model extends the rules. */
        UNION,
        /** Rule signals the model does not reject; weak candidates never: the model confirms the rules. */
        CONFIRM
    }

    private final String name;
    private final ModelManifest manifest;
    private final CandidateModel model;
    private final RuleBasedExtractor rules;
    private final ContextFeaturizer featurizer;
    private final Combination combination;
    private final double rejectAt;
    private final int[] columnOfBucket;
    private final int noneIndex;
    private final MicroBatcher<String, List<RiskSignal>> batcher;

    /**
     * @param rejectAt    in CONFIRM, a rule signal is dropped when P(NONE) is at least this
     * @param maxBatch    largest batch handed to the model
     * @param maxWaitMs   how long a single-note call waits for others to fill a batch; 0 = no micro-batching
     */
    public ModelBackend(String name, ModelManifest manifest, CandidateModel model, RuleBasedExtractor rules,
                        Combination combination, double rejectAt, int maxBatch, long maxWaitMs) {
        this.name = name;
        this.manifest = manifest;
        this.model = model;
        this.rules = rules;
        this.featurizer = manifest.featurizer();
        this.combination = combination;
        this.rejectAt = rejectAt;
        this.columnOfBucket = new int[manifest.buckets()];
        Arrays.fill(columnOfBucket, -1);
        int[] inputs = manifest.inputBuckets();
        for (int col = 0; col < inputs.length; col++) {
            columnOfBucket[inputs[col]] = col;
        }
        this.noneIndex = manifest.labels().indexOf(ModelManifest.NO_SIGNAL);
        if (noneIndex < 0) {
            throw new IllegalArgumentException("model " + manifest.id() + " has no NONE label");
        }
        this.batcher = maxWaitMs > 0 ? new MicroBatcher<>(name + "-batcher", maxBatch, maxWaitMs, this::extractBatch) : null;
    }

    @Override
    public String name() {
        return name;
    }

    public String device() {
        return model.device();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** The micro-batcher, when single-note calls are batched. */
    public java.util.Optional<MicroBatcher<String, List<RiskSignal>>> batcher() {
        return java.util.Optional.ofNullable(batcher);
    }

    @Override
    public List<List<RiskSignal>> extract(List<String> texts) {
        if (batcher != null && texts.size() == 1) {
            try {
                return List.of(batcher.submit(texts.get(0)).join());
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return extractBatch(texts);
    }

    /** The signals of a batch of notes: all their candidates go to the model in one call. */
    protected List<List<RiskSignal>> extractBatch(List<String> texts) {
        List<RuleBasedExtractor.Analysis> analyses = new ArrayList<>(texts.size());
        List<float[]> rows = new ArrayList<>();
        for (String text : texts) {
            RuleBasedExtractor.Analysis a = rules.analyze(text);
            analyses.add(a);
            for (Mention m : a.mentions()) {
                rows.add(row(a, m));
            }
        }
        float[][] probs = model.predict(rows.toArray(new float[0][]));
        List<List<RiskSignal>> out = new ArrayList<>(texts.size());
        int r = 0;
        for (int i = 0; i < texts.size(); i++) {
            List<RiskSignal> signals = new ArrayList<>();
            for (Mention m : analyses.get(i).mentions()) {
                combine(texts.get(i), m, probs[r++], signals);
            }
            out.add(signals);
        }
        return out;
    }

    private float[] row(RuleBasedExtractor.Analysis a, Mention m) {
        float[] row = new float[manifest.inputBuckets().length];
        for (String f : featurizer.names(a.tokens(), m)) {
            int col = columnOfBucket[featurizer.bucket(f)];
            if (col >= 0) {
                row[col] += 1f;
            }
        }
        return row;
    }

    private void combine(String text, Mention m, float[] p, List<RiskSignal> out) {
        double signal = 1.0 - p[noneIndex];
        String source = manifest.id() + "|" + m.source();
        String version = manifest.version() + "|" + rules.version();
        if (!m.weak()) {
            if (combination == Combination.CONFIRM && p[noneIndex] >= rejectAt) {
                return;
            }
            out.add(RiskSignal.newBuilder(m.toSignal(text, version)).setConfidence(round(signal))
                    .setSource(source).build());
        } else if (combination == Combination.UNION && signal >= 0.5) {
            out.add(RiskSignal.newBuilder(m.withAssertion(bestAssertion(p)).toSignal(text, version))
                    .setConfidence(round(signal)).setSource(source).build());
        }
    }

    private Assertion bestAssertion(float[] p) {
        int best = -1;
        for (int i = 0; i < p.length; i++) {
            if (i != noneIndex && (best < 0 || p[i] > p[best])) {
                best = i;
            }
        }
        return Assertion.valueOf(manifest.labels().get(best));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    @Override
    public void close() {
        if (batcher != null) {
            batcher.close();
        }
        model.close();
    }
}
