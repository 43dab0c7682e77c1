package dev.backprop.model.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.backprop.engine.InputEncoder;
import dev.backprop.engine.NetworkParameters;
import dev.backprop.model.onnx.OnnxProto.GraphProto;
import dev.backprop.model.onnx.OnnxProto.ModelProto;
import dev.backprop.model.onnx.OnnxProto.OperatorSetIdProto;
import dev.backprop.model.onnx.OnnxProto.StringStringEntryProto;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a trained network as a self-contained ONNX model that computes what the service's
 * predictions compute: input {@code input} (FP64 [N, features], raw values; or one [N, 1]
 * input per feature, see {@link InputLayout}), outputs
 * {@code label} (STRING [N]), {@code probabilities} (FP64 [N, classes], summing to 1) and, for
 * sigmoid outputs, {@code scores} (the raw outputs). Feature and class names and the caller's
 * provenance go into {@code metadata_props}.
 */
public final class OnnxExporter {

    /** The media type ONNX models are served with (as by Netron, Triton and the ONNX model zoo). */
    public static final String MEDIA_TYPE = "application/onnx";

    /**
     * IR version 10 with operator set 21 (ONNX 1.16): current, and loadable by onnxruntime 1.18
     * and later, which covers the runtimes that KServe and Triton ship, not only the newest one.
     */
    static final long IR_VERSION = 10;
    static final long OPSET = 21;
    static final String PRODUCER = "backprop-service";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OnnxExporter() {
    }

    /**
     * What the ONNX file says about the model besides its network.
     *
     * @param metadata entries for {@code metadata_props} (provenance: id, dataset hash, seed, …), in order
     * @param producerVersion the exporting service's version
     */
    public record ModelInfo(String name, long version, Map<String, String> metadata, String producerVersion) {
        public ModelInfo {
            metadata = new LinkedHashMap<>(metadata);
        }
    }

    /** How the raw feature values enter the graph. */
    public enum InputLayout {
        /** One FP64 tensor {@code input} of shape [N, features], as the OIP endpoints take it. */
        TENSOR,
        /** One FP64 tensor of shape [N, 1] per feature, named after the feature. */
        COLUMNS
    }

    /** Numeric models take one tensor (as the OIP endpoints do); models with categorical columns one input per column. */
    public static byte[] export(NetworkParameters network, ModelInfo info) {
        boolean numeric = network.encoder().inputs().stream().allMatch(i -> i instanceof InputEncoder.NumericInput);
        return export(network, info, numeric ? InputLayout.TENSOR : InputLayout.COLUMNS);
    }

    /** @throws IllegalArgumentException when a feature's name cannot be an input name (COLUMNS) */
    public static byte[] export(NetworkParameters network, ModelInfo info, InputLayout layout) {
        InputEncoding encoding = switch (layout) {
            case TENSOR -> new DenseInput(network.encoder());
            case COLUMNS -> new ColumnInputs(network.encoder());
        };
        return model(network, info, encoding).toByteArray();
    }

    static ModelProto model(NetworkParameters network, ModelInfo info, InputEncoding encoding) {
        OnnxGraph graph = new OnnxGraph();
        NetworkGraph.build(graph, encoding.encode(graph), network);
        String description = describe(network);
        GraphProto proto = graph.build(safeGraphName(info.name()), description);
        return new ModelProto(IR_VERSION, List.of(new OperatorSetIdProto("", OPSET)), PRODUCER,
                info.producerVersion(), "dev.backprop", info.version(), info.name() + " v" + info.version() + ": "
                + description, proto, metadata(network, info));
    }

    private static List<StringStringEntryProto> metadata(NetworkParameters network, ModelInfo info) {
        Map<String, String> entries = new LinkedHashMap<>(info.metadata());
        // JSON arrays, since names may hold commas
        entries.put("featureNames", JSON.writeValueAsString(network.featureNames()));
        entries.put("classNames", JSON.writeValueAsString(network.classNames()));
        entries.put("task", network.task().id());
        entries.put("normalization", network.normalization().id());
        List<StringStringEntryProto> props = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> {
            if (value != null) {
                props.add(new StringStringEntryProto(key, value));
            }
        });
        return props;
    }

    private static String describe(NetworkParameters network) {
        String layers = java.util.Arrays.stream(network.layerSizes()).mapToObj(String::valueOf)
                .collect(Collectors.joining("-"));
        return network.task().id() + " network " + layers + ", hidden " + network.hiddenActivation().id() + ", output "
                + network.outputActivation().id() + (network.bias() ? ", with" : ", no") + " bias, numeric inputs "
                + network.normalization().id() + " normalised";
    }

    /** A graph name is an identifier to some tools (e.g. code generators); keep letters, digits and '_'. */
    private static String safeGraphName(String name) {
        String safe = name == null ? "" : name.replaceAll("[^A-Za-z0-9_]", "_");
        return safe.isEmpty() || Character.isDigit(safe.charAt(0)) ? "model_" + safe : safe;
    }
}
