package org.vigil.tools.signals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.inference.model.ContextFeaturizer;
import org.vigil.inference.model.ModelManifest;
import org.vigil.inference.model.OnnxModel;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Training for real: Tribuo on generated notes, exported to ONNX, served by ONNX Runtime on CPU. */
class ModelTrainerTest {

    private static final RuleBasedExtractor RULES = new RuleBasedExtractor(RuleSet.standard());

    @Test
    void trainsAModelWithTribuoThatOnnxRuntimeServes(@TempDir Path dir) throws Exception {
        ModelTrainer.Result r = new ModelTrainer(RULES, new ContextFeaturizer(4096, 6)).train(60, 5, 2, dir);
        assertThat(Files.exists(dir.resolve("model.onnx"))).isTrue();
        assertThat(r.labels()).contains("NONE", "AFFIRMED", "NEGATED");
        ModelManifest manifest = ModelManifest.load(dir);
        assertThat(manifest.inputBuckets()).hasSize(r.features());
        assertThat(manifest.labels()).isEqualTo(r.labels());
        try (OnnxModel model = new OnnxModel(manifest, "cpu")) {
            float[][] probs = model.predict(new float[3][manifest.inputBuckets().length]);
            assertThat(probs).hasNumberOfRows(3);
            for (float[] row : probs) {
                assertThat(row).hasSize(r.labels().size());
                double sum = 0;
                for (float p : row) {
                    sum += p;
                }
                assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void trainingIsReproducibleForASeedAndNamesTheRulesVersion(@TempDir Path a, @TempDir Path b) throws Exception {
        new ModelTrainer(RULES, new ContextFeaturizer(4096, 6)).train(40, 7, 2, a);
        new ModelTrainer(RULES, new ContextFeaturizer(4096, 6)).train(40, 7, 2, b);

        assertThat(ModelManifest.load(a).version()).isEqualTo("1-seed7-n40-" + RULES.version());
        assertThat(Files.readString(a.resolve("features.txt"))).isEqualTo(Files.readString(b.resolve("features.txt")));
        ModelManifest manifest = ModelManifest.load(a);
        float[][] input = new float[2][manifest.inputBuckets().length];
        for (int k = 0; k < input[1].length; k += 3) {
            input[1][k] = 1;
        }
        try (OnnxModel first = new OnnxModel(manifest, "cpu"); OnnxModel second = new OnnxModel(ModelManifest.load(b), "cpu")) {
            assertThat(second.predict(input)).isDeepEqualTo(first.predict(input));
        }
    }
}
