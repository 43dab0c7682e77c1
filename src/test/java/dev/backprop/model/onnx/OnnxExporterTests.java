package dev.backprop.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.TensorInfo;
import dev.backprop.engine.Activation;
import dev.backprop.engine.NetworkParameters;
import dev.backprop.engine.Normalization;

/** What onnxruntime itself reads from an export: the interface (names, types, shapes) and the metadata. */
class OnnxExporterTests {

    @Test
    void sigmoidModelsDeclareInputLabelProbabilitiesAndScores() throws Exception {
        NetworkParameters network = OnnxParityTests.randomNetwork(new SplittableRandom(2), Activation.SIGMOID,
                Activation.SIGMOID, Normalization.L2_ROW, 1, false);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("id", "6f1c");
        provenance.put("datasetSha256", "e3b0c442");
        provenance.put("seed", "42");
        provenance.put("absent", null);
        byte[] bytes = OnnxExporter.export(network, new OnnxExporter.ModelInfo("case-study", 2, provenance, "0.1.0"));
        try (OnnxRuntime runtime = new OnnxRuntime(bytes)) {
            Map<String, NodeInfo> inputs = runtime.session().getInputInfo();
            assertThat(inputs).containsOnlyKeys("input");
            TensorInfo input = (TensorInfo) inputs.get("input").getInfo();
            assertThat(input.type).isEqualTo(OnnxJavaType.DOUBLE);
            assertThat(input.getShape()).containsExactly(-1L, 5L);

            Map<String, NodeInfo> outputs = runtime.session().getOutputInfo();
            assertThat(outputs.keySet()).containsExactly("label", "probabilities", "scores");
            TensorInfo label = (TensorInfo) outputs.get("label").getInfo();
            assertThat(label.type).isEqualTo(OnnxJavaType.STRING);
            assertThat(label.getShape()).containsExactly(-1L);
            int classes = network.classNames().size();
            assertThat(((TensorInfo) outputs.get("probabilities").getInfo()).getShape()).containsExactly(-1L, classes);
            assertThat(((TensorInfo) outputs.get("scores").getInfo()).type).isEqualTo(OnnxJavaType.DOUBLE);

            OnnxModelMetadata metadata = runtime.session().getMetadata();
            assertThat(metadata.getProducerName()).isEqualTo("backprop-service");
            assertThat(metadata.getGraphName()).isEqualTo("case_study");
            assertThat(metadata.getDomain()).isEqualTo("dev.backprop");
            assertThat(metadata.getVersion()).isEqualTo(2);
            assertThat(metadata.getDescription()).startsWith("case-study v2: classification network 5-");
            assertThat(metadata.getCustomMetadata())
                    .containsEntry("id", "6f1c")
                    .containsEntry("datasetSha256", "e3b0c442")
                    .containsEntry("seed", "42")
                    .containsEntry("featureNames", "[\"f0\",\"f1\",\"f2\",\"f3\",\"f4\"]")
                    .containsEntry("normalization", "l2-row")
                    .doesNotContainKey("absent");
            assertThat(metadata.getCustomMetadata().get("classNames")).startsWith("[\"alpha\",\"beta\"");
        }
    }

    @Test
    void theColumnLayoutHasOneInputPerFeatureNamedAfterIt() throws Exception {
        NetworkParameters network = OnnxParityTests.randomNetwork(new SplittableRandom(4), Activation.TANH,
                Activation.SOFTMAX, Normalization.Z_SCORE, 1, true);
        byte[] bytes = OnnxExporter.export(network, new OnnxExporter.ModelInfo("columns", 1, Map.of(), "dev"),
                OnnxExporter.InputLayout.COLUMNS);
        try (OnnxRuntime runtime = new OnnxRuntime(bytes)) {
            Map<String, NodeInfo> inputs = runtime.session().getInputInfo();
            assertThat(inputs.keySet()).containsExactly("f0", "f1", "f2", "f3", "f4");
            for (NodeInfo input : inputs.values()) {
                assertThat(((TensorInfo) input.getInfo()).getShape()).containsExactly(-1L, 1L);
                assertThat(((TensorInfo) input.getInfo()).type).isEqualTo(OnnxJavaType.DOUBLE);
            }
        }
    }

    @Test
    void featureNamesThatCannotBeInputNamesAreRefusedWithAReason() {
        NetworkParameters network = OnnxParityTests.randomNetwork(new SplittableRandom(5), Activation.TANH,
                Activation.SOFTMAX, Normalization.NONE, 0, true);
        for (String name : List.of("label", "scores", "")) {
            List<String> features = new java.util.ArrayList<>(network.featureNames());
            features.set(2, name);
            List<dev.backprop.engine.InputEncoder.Input> inputs = new java.util.ArrayList<>();
            for (int j = 0; j < features.size(); j++) {
                var n = (dev.backprop.engine.InputEncoder.NumericInput) network.encoder().inputs().get(j);
                inputs.add(new dev.backprop.engine.InputEncoder.NumericInput(features.get(j), n.impute(), n.indicator(),
                        n.shift(), n.scale(), n.min(), n.max()));
            }
            NetworkParameters renamed = new NetworkParameters(network.layerSizes(), network.hiddenActivation(),
                    network.outputActivation(), network.bias(), network.weights(), network.biases(),
                    dev.backprop.engine.InputEncoder.of(network.normalization(), inputs), network.task(),
                    network.classNames(), network.targetMean(), network.targetStd());
            OnnxExporter.ModelInfo info = new OnnxExporter.ModelInfo("m", 1, Map.of(), "dev");
            assertThatThrownBy(() -> OnnxExporter.export(renamed, info, OnnxExporter.InputLayout.COLUMNS))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("export with inputs=tensor");
            // the one-tensor layout has no such restriction
            assertThat(OnnxExporter.export(renamed, info)).isNotEmpty();
        }
    }

    @Test
    void softmaxModelsHaveNoScores() throws Exception {
        NetworkParameters network = OnnxParityTests.randomNetwork(new SplittableRandom(3), Activation.RELU,
                Activation.SOFTMAX, Normalization.MIN_MAX, 2, true);
        byte[] bytes = OnnxExporter.export(network, new OnnxExporter.ModelInfo("9lives", 1, Map.of(), "dev"));
        try (OnnxRuntime runtime = new OnnxRuntime(bytes)) {
            assertThat(runtime.session().getOutputInfo().keySet()).containsExactly("label", "probabilities");
            // a graph name must not start with a digit for the tools that turn it into an identifier
            assertThat(runtime.session().getMetadata().getGraphName()).isEqualTo("model_9lives");
        }
    }
}
