package dev.backprop.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import dev.backprop.engine.Activation;
import dev.backprop.engine.InputEncoder;
import dev.backprop.engine.Task;
import dev.backprop.engine.NetworkModel;
import dev.backprop.engine.NetworkParameters;
import dev.backprop.engine.Normalization;
import dev.backprop.engine.TrainingHistory;
import dev.backprop.system.ApiException;
import dev.backprop.system.JsonErrors;
import dev.backprop.system.ProblemType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts between {@link TrainedModel} and its {@link ModelDocument}, and reads a document back
 * with full validation: the format name and version first, then every field's type, then shapes
 * and finiteness (the engine's {@link NetworkParameters} checks those). Any fault is a 400 whose
 * detail names the field.
 */
final class ModelDocuments {

    static final String FORMAT = "backprop-model";
    static final int FORMAT_VERSION = 2;

    /** Plain Jackson 3 defaults: ISO-8601 instants, doubles written so that they read back exactly. */
    static final JsonMapper MAPPER = ModelJson.configure(JsonMapper.builder()).build();

    private ModelDocuments() {
    }

    static ModelDocument export(TrainedModel model) {
        NetworkParameters p = model.network().parameters();
        List<Integer> layers = java.util.Arrays.stream(p.layerSizes()).boxed().toList();
        List<ModelDocument.InputDocument> columns = new ArrayList<>();
        for (InputEncoder.Input input : p.encoder().inputs()) {
            if (input instanceof InputEncoder.NumericInput n) {
                columns.add(new ModelDocument.InputDocument(n.name(), "numeric", n.impute(), n.indicator(), n.shift(),
                        n.scale(), n.min(), n.max(), null, null));
            } else {
                InputEncoder.CategoricalInput c = (InputEncoder.CategoricalInput) input;
                columns.add(new ModelDocument.InputDocument(c.name(), "categorical", null, null, null, null, null, null,
                        c.levels(), c.missingLevel()));
            }
        }
        return new ModelDocument(FORMAT, FORMAT_VERSION, model.id(), model.name(), model.version(), model.createdAt(),
                model.datasetId(), model.labelColumn(), p.task().id(), p.featureNames(), p.classNames(),
                new ModelDocument.InputsDocument(p.normalization().id(), columns),
                p.task() == Task.REGRESSION ? new ModelDocument.TargetDocument(p.targetMean(), p.targetStd()) : null,
                layers, new ModelDocument.Activations(p.hiddenActivation().id(), p.outputActivation().id()), p.bias(),
                p.weights(), p.biases(), null, null, null, model.config(), model.metrics(), model.history(),
                model.provenance());
    }

    /** Reads and checks a document; throws a 400 {@link ApiException} naming the field at fault. */
    static ModelDocument read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw invalid("the body must be a JSON object: a document exported by GET /api/v1/models/{id}/export");
        }
        JsonNode format = node.get("format");
        if (format == null || !format.isString() || !FORMAT.equals(format.asString())) {
            throw invalid("format must be '" + FORMAT + "', was " + (format == null ? "missing" : format.toString()));
        }
        JsonNode version = node.get("formatVersion");
        if (version == null || !version.isIntegralNumber() || version.asLong() < 1 || version.asLong() > FORMAT_VERSION) {
            throw invalid("formatVersion " + (version == null ? "is missing" : version + " is not supported")
                    + "; this service reads formatVersion 1 to " + FORMAT_VERSION);
        }
        ModelDocument document;
        try {
            document = MAPPER.treeToValue(node, ModelDocument.class);
        } catch (JacksonException e) {
            throw invalid(JsonErrors.describe(e));
        }
        parameters(document);
        return document;
    }

    /** The engine's parameters of a read document; shapes and finiteness are checked here. */
    static NetworkParameters parameters(ModelDocument d) {
        List<String> featureNames = names(d.featureNames(), "featureNames");
        Task task = d.task() == null ? Task.CLASSIFICATION : parse(() -> Task.parse("task", d.task()));
        List<String> classNames = task == Task.REGRESSION && d.classNames() == null ? List.of()
                : names(d.classNames(), "classNames");
        List<Integer> layers = require(d.layers(), "layers");
        int[] sizes = new int[layers.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = require(layers.get(i), "layers[" + i + "]");
        }
        ModelDocument.Activations activations = require(d.activations(), "activations");
        List<double[][]> weights = require(d.weights(), "weights");
        List<double[]> biases = d.biases() == null ? List.of() : d.biases();
        boolean bias = d.bias() != null ? d.bias() : !biases.isEmpty();
        require(d.config(), "config");
        require(require(d.metrics(), "metrics").train(), "metrics.train");
        InputEncoder encoder = d.inputs() != null ? encoder(d.inputs(), featureNames) : formatOneEncoder(d, featureNames);
        ModelDocument.TargetDocument target = d.target();
        if (task == Task.REGRESSION && target == null) {
            throw invalid("target is required for a regression: {\"mean\": …, \"std\": …}");
        }
        try {
            return new NetworkParameters(sizes, Activation.parse("activations.hidden", activations.hidden()),
                    Activation.parse("activations.output", activations.output()), bias, weights, biases, encoder,
                    task, classNames, target == null ? 0 : target.mean(), target == null ? 1 : target.std());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        } catch (NullPointerException e) {
            throw invalid("weights and biases must not contain null rows");
        }
    }

    private static InputEncoder encoder(ModelDocument.InputsDocument inputs, List<String> featureNames) {
        Normalization normalization = parse(() -> Normalization.parse("inputs.normalization", inputs.normalization()));
        List<ModelDocument.InputDocument> columns = require(inputs.columns(), "inputs.columns");
        if (columns.size() != featureNames.size()) {
            throw invalid("inputs.columns must describe the " + featureNames.size() + " featureNames, had "
                    + columns.size());
        }
        List<InputEncoder.Input> encoded = new ArrayList<>();
        for (int j = 0; j < columns.size(); j++) {
            ModelDocument.InputDocument c = require(columns.get(j), "inputs.columns[" + j + "]");
            String at = "inputs.columns[" + j + "]";
            if (!featureNames.get(j).equals(c.name())) {
                throw invalid(at + ".name must be '" + featureNames.get(j) + "' (featureNames order), was '" + c.name() + "'");
            }
            if ("numeric".equals(c.type())) {
                encoded.add(parse(() -> new InputEncoder.NumericInput(c.name(), require(c.impute(), at + ".impute"),
                        Boolean.TRUE.equals(c.missingIndicator()), require(c.shift(), at + ".shift"),
                        require(c.scale(), at + ".scale"), require(c.min(), at + ".min"), require(c.max(), at + ".max"))));
            } else if ("categorical".equals(c.type())) {
                List<String> levels = require(c.levels(), at + ".levels");
                encoded.add(parse(() -> new InputEncoder.CategoricalInput(c.name(), levels,
                        Boolean.TRUE.equals(c.missingLevel()))));
            } else {
                throw invalid(at + ".type must be numeric or categorical, was '" + c.type() + "'");
            }
        }
        return parse(() -> InputEncoder.of(normalization, encoded));
    }

    /** Format 1: numeric columns, scaled by a normalizer, never missing. */
    private static InputEncoder formatOneEncoder(ModelDocument d, List<String> featureNames) {
        ModelDocument.NormalizerDocument normalizer = require(d.normalizer(), "normalizer");
        Normalization kind = parse(() -> Normalization.parse("normalizer.kind", normalizer.kind()));
        int n = featureNames.size();
        boolean scaled = kind == Normalization.Z_SCORE || kind == Normalization.MIN_MAX;
        double[] shift = scaled ? require(normalizer.shift(), "normalizer.shift") : new double[n];
        double[] scale = scaled ? require(normalizer.scale(), "normalizer.scale") : null;
        double[] min = require(d.featureMin(), "featureMin");
        double[] max = require(d.featureMax(), "featureMax");
        if (shift.length != n || (scale != null && scale.length != n) || min.length != n || max.length != n) {
            throw invalid("normalizer, featureMin and featureMax must hold " + n + " values each");
        }
        List<InputEncoder.Input> inputs = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            int col = j;
            // format 1 models never saw a missing value: the training mean (z-score's shift) or the midpoint fills one
            double impute = kind == Normalization.Z_SCORE ? shift[j] : (min[j] + max[j]) / 2;
            inputs.add(parse(() -> new InputEncoder.NumericInput(featureNames.get(col), impute, false,
                    scaled ? shift[col] : 0, scaled ? scale[col] : 1, min[col], max[col])));
        }
        return parse(() -> InputEncoder.of(kind, inputs));
    }

    private static <T> T parse(java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** Rebuilds the stored model exactly as it was (same id, version and time): for a storage directory. */
    static TrainedModel restore(ModelDocument d) {
        NetworkModel network = NetworkModel.of(parameters(d));
        String id = require(d.id(), "id");
        String name = require(d.name(), "name");
        int version = require(d.version(), "version");
        return new TrainedModel(id, name, version, require(d.createdAt(), "createdAt"), d.datasetId(),
                network.featureNames(), network.classNames(), d.labelColumn(),
                java.util.Arrays.stream(network.layerSizes()).boxed().toList(), network.parameterCount(), d.config(),
                d.config().seed(), d.metrics(), history(d), d.provenance(), network);
    }

    static TrainingHistory history(ModelDocument d) {
        return d.history() != null ? d.history() : new TrainingHistory(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static List<String> names(List<String> names, String field) {
        require(names, field);
        var seen = new HashSet<String>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isBlank()) {
                throw invalid(field + "[" + i + "] must be a non-empty name");
            }
            if (!seen.add(name)) {
                throw invalid(field + " names '" + name + "' twice");
            }
        }
        return new ArrayList<>(names);
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw invalid(field + " is required");
        }
        return value;
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ProblemType.INVALID_MODEL_DOCUMENT, detail);
    }
}
