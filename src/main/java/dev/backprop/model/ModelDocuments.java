package dev.backprop.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import dev.backprop.engine.Activation;
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
    static final int FORMAT_VERSION = 1;

    /** Plain Jackson 3 defaults: ISO-8601 instants, doubles written so that they read back exactly. */
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ModelDocuments() {
    }

    static ModelDocument export(TrainedModel model) {
        NetworkParameters p = model.network().parameters();
        List<Integer> layers = java.util.Arrays.stream(p.layerSizes()).boxed().toList();
        return new ModelDocument(FORMAT, FORMAT_VERSION, model.id(), model.name(), model.version(), model.createdAt(),
                model.datasetId(), model.labelColumn(), p.featureNames(), p.classNames(), layers,
                new ModelDocument.Activations(p.hiddenActivation().id(), p.outputActivation().id()), p.bias(),
                p.weights(), p.biases(),
                new ModelDocument.NormalizerDocument(p.normalization().id(), p.normalizerShift(), p.normalizerScale()),
                p.featureMin(), p.featureMax(), model.config(), model.metrics(), model.history(), model.provenance());
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
        if (version == null || !version.isIntegralNumber() || version.asLong() != FORMAT_VERSION) {
            throw invalid("formatVersion " + (version == null ? "is missing" : version + " is not supported")
                    + "; this service reads formatVersion " + FORMAT_VERSION);
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
        List<String> classNames = names(d.classNames(), "classNames");
        List<Integer> layers = require(d.layers(), "layers");
        int[] sizes = new int[layers.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = require(layers.get(i), "layers[" + i + "]");
        }
        ModelDocument.Activations activations = require(d.activations(), "activations");
        ModelDocument.NormalizerDocument normalizer = require(d.normalizer(), "normalizer");
        List<double[][]> weights = require(d.weights(), "weights");
        List<double[]> biases = d.biases() == null ? List.of() : d.biases();
        boolean bias = d.bias() != null ? d.bias() : !biases.isEmpty();
        require(d.config(), "config");
        require(require(d.metrics(), "metrics").train(), "metrics.train");
        try {
            return new NetworkParameters(sizes, Activation.parse("activations.hidden", activations.hidden()),
                    Activation.parse("activations.output", activations.output()), bias, weights, biases,
                    Normalization.parse("normalizer.kind", normalizer.kind()), normalizer.shift(), normalizer.scale(),
                    featureNames, classNames, d.featureMin(), d.featureMax());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        } catch (NullPointerException e) {
            throw invalid("weights and biases must not contain null rows");
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
