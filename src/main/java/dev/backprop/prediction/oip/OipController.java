package dev.backprop.prediction.oip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.backprop.engine.NetworkModel;
import dev.backprop.engine.Task;
import dev.backprop.model.ModelRegistry;
import dev.backprop.model.TrainedModel;
import dev.backprop.prediction.InstanceRows;
import dev.backprop.prediction.PredictionService;
import dev.backprop.prediction.oip.OipMessages.InferenceRequest;
import dev.backprop.prediction.oip.OipMessages.InferenceResponse;
import dev.backprop.prediction.oip.OipMessages.ModelList;
import dev.backprop.prediction.oip.OipMessages.ModelMetadata;
import dev.backprop.prediction.oip.OipMessages.ModelReady;
import dev.backprop.prediction.oip.OipMessages.RepositoryIndexEntry;
import dev.backprop.prediction.oip.OipMessages.RepositoryIndexRequest;
import dev.backprop.prediction.oip.OipMessages.ResponseOutput;
import dev.backprop.prediction.oip.OipMessages.ServerLive;
import dev.backprop.prediction.oip.OipMessages.ServerMetadata;
import dev.backprop.prediction.oip.OipMessages.ServerReady;
import dev.backprop.prediction.oip.OipMessages.TensorMetadata;
import dev.backprop.system.ApiTags;
import dev.backprop.system.BodyTooLargeException;
import dev.backprop.system.JsonErrors;
import dev.backprop.system.MemoryBudget;
import dev.backprop.system.LimitsProperties;
import dev.backprop.system.ServingProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Open Inference Protocol v2 (KServe) REST API over the model registry, with KServe's model
 * list and Triton's repository index. A model is addressed as everywhere in the service (id, or
 * name for its newest version), or by name and version number; errors are {@code {"error": ...}}
 * ({@link OipErrors}), not problem details, as the protocol requires.
 */
@RestController
@Tag(name = ApiTags.OPEN_INFERENCE_PROTOCOL)
class OipController {

    static final String PLATFORM = "backprop";
    private static final String NAME = "A model name (its newest version), name@alias or a model id";
    /** Triton's state of a model version that is loaded and answers inference requests. */
    static final String READY = "READY";

    private static final String NESTED = """
            {"id": "iris-1", "inputs": [{"name": "input", "shape": [3, 4], "datatype": "FP64",
              "data": [[5.1, 3.5, 1.4, 0.2], [5.9, 3.0, 4.2, 1.5], [6.7, 3.0, 5.2, 2.3]]}]}""";
    private static final String FLAT = """
            {"inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP32",
              "data": [5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3]}],
             "outputs": [{"name": "label"}]}""";

    private final ModelRegistry models;
    private final PredictionService predictions;
    private final ServingProperties serving;
    private final LimitsProperties limits;
    private final String serverVersion;
    private final JsonMapper json;
    private final MemoryBudget budget;

    OipController(ModelRegistry models, PredictionService predictions, ServingProperties serving,
                  LimitsProperties limits, ObjectProvider<BuildProperties> build, JsonMapper json, MemoryBudget budget) {
        this.budget = budget;
        this.json = json;
        this.models = models;
        this.predictions = predictions;
        this.serving = serving;
        this.limits = limits;
        BuildProperties properties = build.getIfAvailable();
        this.serverVersion = properties != null ? properties.getVersion() : "dev";
    }

    @GetMapping("/v2")
    @Operation(operationId = "oipServerMetadata", summary = "Server metadata: name, version and protocol extensions (none)")
    ServerMetadata server() {
        return new ServerMetadata("backprop-service", serverVersion, List.of());
    }

    @GetMapping("/v2/health/live")
    @Operation(operationId = "oipServerLive", summary = "Server liveness: 200 {\"live\": true} while the server answers")
    ServerLive live() {
        return new ServerLive(true);
    }

    @GetMapping("/v2/health/ready")
    @Operation(operationId = "oipServerReady", summary = "Server readiness: 200 once the default model (backprop.default-model) exists, else 503")
    @ApiResponse(responseCode = "200", description = "Ready: {\"ready\": true}")
    @ApiResponse(responseCode = "503", description = "The default model does not exist (yet)")
    ResponseEntity<ServerReady> ready() {
        boolean ready = models.resolve(serving.defaultModel()).isPresent();
        return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(new ServerReady(ready));
    }

    @GetMapping("/v2/models")
    @Operation(operationId = "oipListModels", summary = "The names of the models served, oldest first (KServe's model list)",
            description = "Each name is served in all its versions; POST /v2/repository/index lists the versions.")
    ModelList list() {
        return new ModelList(models.list().stream().map(TrainedModel::name).distinct().toList());
    }

    @PostMapping("/v2/repository/index")
    @Operation(operationId = "oipRepositoryIndex", summary = "The model repository index (Triton's model-repository extension): every version",
            description = "One entry per stored model version, oldest first: {name, version, state, reason}. Every "
                    + "stored model is loaded, so state is READY and reason empty; {\"ready\": true} (which "
                    + "would keep only ready models) therefore lists the same. The body may be empty. Loading "
                    + "and unloading are not offered: a model is served while it is stored.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = RepositoryIndexRequest.class), examples = {@ExampleObject(name = "ready only", value = "{\"ready\": true}"),
                    @ExampleObject(name = "everything", value = "{}")}))
    @ApiResponse(responseCode = "200", description = "The index")
    @ApiResponse(responseCode = "400", description = "The body is not {\"ready\": boolean}: {\"error\": ...}")
    List<RepositoryIndexEntry> index(@RequestBody(required = false) byte[] body) {
        checkIndexRequest(body);
        return models.list().stream().map(m -> new RepositoryIndexEntry(m.name(), String.valueOf(m.version()),
                READY, "")).toList();
    }

    /**
     * Checks {@code $repository_index_request}; its {@code ready} filters nothing here, since every
     * stored model is ready. Triton's own client posts an empty body without a content type, hence
     * raw bytes rather than a JSON-only {@code @RequestBody}.
     */
    private void checkIndexRequest(byte[] body) {
        if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return;
        }
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (JacksonException e) {
            throw OipException.badRequest("the body must be a JSON object {\"ready\": boolean}: "
                    + e.getOriginalMessage());
        }
        if (!request.isObject()) {
            throw OipException.badRequest("the body must be a JSON object {\"ready\": boolean}, was " + request);
        }
        JsonNode ready = request.get("ready");
        if (ready != null && !ready.isBoolean() && !ready.isNull()) {
            throw OipException.badRequest("ready must be true or false, was " + ready);
        }
    }

    @GetMapping("/v2/models/{name}")
    @Operation(operationId = "oipModelMetadata", summary = "Model metadata (newest version): versions, platform, input and output tensors")
    @ApiResponse(responseCode = "200", description = "The model's metadata")
    @ApiResponse(responseCode = "404", description = "No model of that name: {\"error\": ...}")
    ModelMetadata metadata(@Parameter(description = NAME, example = "iris") @PathVariable String name) {
        return metadata(resolve(name, null));
    }

    @GetMapping("/v2/models/{name}/versions/{version}")
    @Operation(operationId = "oipModelVersionMetadata", summary = "Model metadata of one version")
    @ApiResponse(responseCode = "200", description = "The version's metadata")
    @ApiResponse(responseCode = "404", description = "No such model or version: {\"error\": ...}")
    ModelMetadata metadata(@Parameter(description = NAME, example = "iris") @PathVariable String name,
            @Parameter(description = "A version number", example = "1") @PathVariable String version) {
        return metadata(resolve(name, version));
    }

    @GetMapping("/v2/models/{name}/ready")
    @Operation(operationId = "oipModelReady", summary = "Model readiness (newest version): {\"name\", \"ready\"}")
    @ApiResponse(responseCode = "200", description = "Ready")
    @ApiResponse(responseCode = "404", description = "No model of that name: {\"error\": ...}")
    ModelReady modelReady(@Parameter(description = NAME, example = "iris") @PathVariable String name) {
        return new ModelReady(resolve(name, null).name(), true);
    }

    @GetMapping("/v2/models/{name}/versions/{version}/ready")
    @Operation(operationId = "oipModelVersionReady", summary = "Model readiness of one version")
    @ApiResponse(responseCode = "200", description = "Ready")
    @ApiResponse(responseCode = "404", description = "No such model or version: {\"error\": ...}")
    ModelReady modelReady(@Parameter(description = NAME, example = "iris") @PathVariable String name,
            @Parameter(description = "A version number", example = "1") @PathVariable String version) {
        return new ModelReady(resolve(name, version).name(), true);
    }

    @PostMapping(path = "/v2/models/{name}/infer", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "oipInfer", summary = "Predict with the newest version of a model (or name@alias)",
            description = "Either one input tensor of shape [n, features] (FP32, FP64, INT32 or INT64; data flat in "
                    + "row-major order or nested) for a model whose columns are all numeric, or one tensor [n] per "
                    + "column named after it (KServe's columnar form: BYTES for a categorical column, a number type "
                    + "for a numeric one; null or a left-out column is missing). Outputs of a classifier: `label` "
                    + "(BYTES, [n]) and `probabilities` (FP64, [n, classes], columns in the model's classNames "
                    + "order), and `scores` for sigmoid outputs; of a regression: `value` (FP64, [n]). `outputs` "
                    + "in the request selects among them.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = InferenceRequest.class),
            examples = {@ExampleObject(name = "iris (nested)", value = NESTED),
                    @ExampleObject(name = "iris (flat, FP32, label only)", value = FLAT)}))
    @ApiResponse(responseCode = "200", description = "The output tensors")
    @ApiResponse(responseCode = "400", description = "A bad tensor (shape, datatype, data): {\"error\": ...}")
    @ApiResponse(responseCode = "404", description = "No model of that name: {\"error\": ...}")
    InferenceResponse infer(@Parameter(description = NAME, example = "iris") @PathVariable String name, HttpServletRequest request) throws IOException {
        return infer(resolve(name, null), request);
    }

    @PostMapping(path = "/v2/models/{name}/versions/{version}/infer", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "oipInferVersion", summary = "Predict with one version of a model")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = InferenceRequest.class),
            examples = {@ExampleObject(name = "iris (nested)", value = NESTED),
                    @ExampleObject(name = "iris (flat, FP32, label only)", value = FLAT)}))
    @ApiResponse(responseCode = "200", description = "The output tensors")
    @ApiResponse(responseCode = "400", description = "A bad tensor (shape, datatype, data): {\"error\": ...}")
    @ApiResponse(responseCode = "404", description = "No such model or version: {\"error\": ...}")
    InferenceResponse infer(@Parameter(description = NAME, example = "iris") @PathVariable String name,
            @Parameter(description = "A version number", example = "1") @PathVariable String version, HttpServletRequest request)
            throws IOException {
        return infer(resolve(name, version), request);
    }

    /**
     * A JSON tree holds several times its text (a DoubleNode and a slot per number), so the body
     * is read against the request memory budget at this many bytes per byte.
     */
    static final int TREE_BYTES_PER_BYTE = 8;

    private InferenceResponse infer(TrainedModel model, HttpServletRequest http) throws IOException {
        try (MemoryBudget.Reservation tree = budget.reserve("this inference request")) {
            JsonNode request = readTree(tree.metered(http.getInputStream(), TREE_BYTES_PER_BYTE));
            TensorReader.Input input = TensorReader.read(request, model.network(), limits.predictionInstances(), budget);
            try (InstanceRows rows = input.rows()) {
                return infer(model, requestId(request), rows, input.outputs());
            }
        }
    }

    private JsonNode readTree(InputStream body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            if (e.getCause() instanceof BodyTooLargeException tooLarge) {
                throw OipException.tooLarge(tooLarge.getMessage());
            }
            throw OipException.badRequest("the request body is missing or is not valid JSON: " + JsonErrors.describe(e));
        }
    }

    private InferenceResponse infer(TrainedModel model, String id, InstanceRows input, List<String> asked) {
        int rows = input.rows();
        PredictionService.Outputs result = predictions.outputs(model, input, 0, rows);
        List<ResponseOutput> outputs = new ArrayList<>(3);
        if (result.values() != null) {
            for (String output : asked) {
                if (!output.equals(TensorReader.VALUE)) {
                    throw OipException.badRequest("outputs: '" + output + "' is not an output of a regression model; "
                            + "its output is '" + TensorReader.VALUE + "'");
                }
            }
            outputs.add(new ResponseOutput(TensorReader.VALUE, List.of((long) rows), "FP64", null, result.values()));
            return new InferenceResponse(model.name(), String.valueOf(model.version()), id, outputs);
        }
        int classes = model.classNames().size();
        double[] p = result.probabilities();
        List<String> wanted = !asked.isEmpty() ? asked : result.scores() != null
                ? List.of(TensorReader.LABEL, TensorReader.PROBABILITIES, TensorReader.SCORES)
                : List.of(TensorReader.LABEL, TensorReader.PROBABILITIES);
        for (String output : wanted) {
            if (output.equals(TensorReader.LABEL)) {
                List<String> labels = new ArrayList<>(rows);
                for (int r = 0; r < rows; r++) {
                    int best = 0;
                    for (int c = 1; c < classes; c++) {
                        best = p[r * classes + c] > p[r * classes + best] ? c : best;
                    }
                    labels.add(model.classNames().get(best));
                }
                outputs.add(new ResponseOutput(TensorReader.LABEL, List.of((long) rows), "BYTES", null, labels));
            } else if (output.equals(TensorReader.PROBABILITIES)) {
                outputs.add(new ResponseOutput(TensorReader.PROBABILITIES, List.of((long) rows, (long) classes), "FP64",
                        null, p));
            } else if (output.equals(TensorReader.SCORES)) {
                outputs.add(new ResponseOutput(TensorReader.SCORES, List.of((long) rows, (long) classes), "FP64",
                        null, result.scores() != null ? result.scores() : p));
            } else {
                throw OipException.badRequest("outputs: '" + output + "' is an output of regression models; this model "
                        + "classifies: label, probabilities, scores");
            }
        }
        return new InferenceResponse(model.name(), String.valueOf(model.version()), id, outputs);
    }

    private static String requestId(JsonNode request) {
        JsonNode id = request.get("id");
        if (id == null || id.isNull()) {
            return UUID.randomUUID().toString();
        }
        if (!id.isString()) {
            throw OipException.badRequest("id must be a string, was " + id);
        }
        return id.asString();
    }

    private ModelMetadata metadata(TrainedModel model) {
        List<String> versions = models.list().stream().filter(m -> m.name().equals(model.name()))
                .map(TrainedModel::version).sorted().map(String::valueOf).toList();
        NetworkModel net = model.network();
        long classes = model.classNames().size();
        List<TensorMetadata> inputs = new ArrayList<>();
        boolean numeric = true;
        for (int j = 0; j < net.featureCount(); j++) {
            numeric &= !net.categorical(j);
        }
        if (numeric) {
            inputs.add(new TensorMetadata(TensorReader.INPUT, "FP64", List.of(-1L, (long) net.featureCount())));
        }
        // KServe's columnar form, which every model takes and a model with categorical columns needs
        for (int j = 0; j < net.featureCount(); j++) {
            inputs.add(new TensorMetadata(net.featureNames().get(j), net.categorical(j) ? "BYTES" : "FP64",
                    List.of(-1L)));
        }
        List<TensorMetadata> outputs = net.task() == Task.REGRESSION
                ? List.of(new TensorMetadata(TensorReader.VALUE, "FP64", List.of(-1L)))
                : net.outputsAreProbabilities()
                        ? List.of(new TensorMetadata(TensorReader.LABEL, "BYTES", List.of(-1L)),
                                new TensorMetadata(TensorReader.PROBABILITIES, "FP64", List.of(-1L, classes)))
                        : List.of(new TensorMetadata(TensorReader.LABEL, "BYTES", List.of(-1L)),
                                new TensorMetadata(TensorReader.PROBABILITIES, "FP64", List.of(-1L, classes)),
                                new TensorMetadata(TensorReader.SCORES, "FP64", List.of(-1L, classes)));
        return new ModelMetadata(model.name(), versions, PLATFORM, inputs, outputs);
    }

    /**
     * Without a version, as every endpoint of the service addresses a model ({@link ModelRegistry#resolve}:
     * id, name for its newest version, or name@alias); with one, that version number of the name.
     */
    private TrainedModel resolve(String name, String version) {
        if (version == null) {
            // a name (newest version), name@alias, or a model id
            return models.resolve(name).orElseThrow(() -> OipException.notFound("model '" + name + "' not found"));
        }
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw OipException.notFound("model '" + name + "' has no version '" + version
                    + "'; versions are numbers 1, 2, …");
        }
        return models.version(name, number).orElseThrow(() -> OipException.notFound(
                models.latest(name).isPresent() ? "model '" + name + "' has no version '" + version + "'"
                        : "model '" + name + "' not found"));
    }
}
