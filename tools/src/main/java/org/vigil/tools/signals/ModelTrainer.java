package org.vigil.tools.signals;

import org.vigil.inference.model.ContextFeaturizer;
import org.vigil.inference.model.ModelManifest;

import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SignalMention;
import org.vigil.corpus.SyntheticNote;
import org.vigil.inference.rules.Mention;
import org.vigil.inference.rules.RuleBasedExtractor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Trains the candidate-mention model on generated notes with Tribuo (logistic regression by SGD) and exports it to
 * ONNX: for every mention the rules propose (weak candidates included), the label is the gold assertion of an
 * overlapping gold mention of the same kind, or NONE when the candidate is not a signal.
 */
public final class ModelTrainer {

    public static final String NONE = ModelManifest.NO_SIGNAL;
    public static final String MODEL_ID = "vigil-context-lr";

    /** What training produced. */
    public record Result(Path dir, int examples, int features, List<String> labels, double trainingAccuracy) {
    }

    private final RuleBasedExtractor rules;
    private final ContextFeaturizer featurizer;

    public ModelTrainer(RuleBasedExtractor rules, ContextFeaturizer featurizer) {
        this.rules = rules;
        this.featurizer = featurizer;
    }

    /** Trains on {@code notes} notes generated from {@code seed} and writes the model folder. */
    public Result train(int notes, long seed, int epochs, Path out) throws IOException {
        if (seed >= CorpusGenerator.HELD_OUT_SEED_START) {
            throw new IllegalArgumentException("seeds from " + CorpusGenerator.HELD_OUT_SEED_START
                    + " are held out for evaluation; train on a lower seed");
        }
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("vigil generated notes seed " + seed, factory), factory);
        for (SyntheticNote note : new CorpusGenerator(seed).generate(notes)) {
            RuleBasedExtractor.Analysis analysis = rules.analyze(note.text());
            for (Mention m : analysis.mentions()) {
                data.add(example(analysis, m, label(note.signals(), m)));
            }
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), epochs, seed);
        Model<Label> model = trainer.train(data);

        ImmutableFeatureMap features = model.getFeatureIDMap();
        int[] inputBuckets = new int[features.size()];
        for (int id = 0; id < features.size(); id++) {
            inputBuckets[id] = Integer.parseInt(features.get(id).getName().substring(1));
        }
        ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
        List<String> labels = new ArrayList<>();
        for (int id = 0; id < outputs.size(); id++) {
            labels.add(outputs.getOutput(id).getLabel());
        }
        int correct = 0;
        for (Example<Label> e : data) {
            if (model.predict(e).getOutput().getLabel().equals(e.getOutput().getLabel())) {
                correct++;
            }
        }
        Path onnx = Files.createTempFile("vigil-model", ".onnx");
        try {
            ((ONNXExportable) model).saveONNXModel("org.vigil", 1L, onnx);
            // The rules' version is in the model's: the candidates and their rule assertions are its input.
            ModelManifest.write(out, MODEL_ID, "1-seed" + seed + "-n" + notes + "-" + rules.version(), Files.readAllBytes(onnx),
                    featurizer.buckets(), featurizer.window(), inputBuckets, labels, "input", "output",
                    notes + " generated notes from seed " + seed + ", " + data.size() + " candidate mentions");
        } finally {
            Files.deleteIfExists(onnx);
        }
        return new Result(out, data.size(), features.size(), labels, (double) correct / data.size());
    }

    private Example<Label> example(RuleBasedExtractor.Analysis analysis, Mention m, String label) {
        TreeMap<String, Double> values = new TreeMap<>();
        for (String name : featurizer.names(analysis.tokens(), m)) {
            values.merge(ContextFeaturizer.featureName(featurizer.bucket(name)), 1.0, Double::sum);
        }
        String[] names = values.keySet().toArray(new String[0]);
        double[] vals = values.values().stream().mapToDouble(Double::doubleValue).toArray();
        return new ArrayExample<>(new Label(label), names, vals);
    }

    /** The gold assertion of an overlapping gold mention of the same kind, else NONE. */
    static String label(List<SignalMention> gold, Mention m) {
        for (SignalMention g : gold) {
            if (g.kind().equals(m.kind().name()) && g.start() < m.end() && m.start() < g.end()) {
                return g.assertion();
            }
        }
        return NONE;
    }
}
