package dev.backprop.prediction;

import java.io.IOException;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.backprop.model.ModelRegistry;
import dev.backprop.model.TrainedModel;
import dev.backprop.system.ApiException;
import dev.backprop.system.ApiTags;
import dev.backprop.system.BodyTooLargeException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * KServe's V1 data plane (the TensorFlow Serving REST shape): readiness, the model list and
 * {@code :predict}. A model is addressed as everywhere else (id, name for its newest version, or
 * what {@link PredictionService#model} resolves). Instances are read by the same reader as
 * {@code /api/v1/models/{ref}/predictions}, and each prediction is the same object as there —
 * TensorFlow Serving's row format for a model with several named outputs (here {@code label}
 * and {@code probabilities}), where a bare label would drop the probabilities. Errors are
 * {@code {"error": "..."}} ({@link KServeV1Errors}), as KServe's own servers answer.
 */
@RestController
@Tag(name = ApiTags.KSERVE_V1)
class KServeV1Controller {

    private static final String ARRAYS = """
            {"instances": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}""";
    private static final String OBJECTS = """
            {"instances": [{"Sepal.Length": 5.1, "Sepal.Width": 3.5, "Petal.Length": 1.4, "Petal.Width": 0.2}]}""";

    private static final String NAME = "A model name (its newest version), name@alias or a model id";

    /** {@code GET /v1/models/{name}}: KServe answers with the name as the client gave it. */
    record ModelReady(String name, boolean ready) {
    }

    /** {@code GET /v1/models} */
    record ModelList(List<String> models) {
    }

    /** {@code :predict}'s response: nothing but {@code predictions}, as V1 clients parse it. */
    record PredictResponse(List<Prediction> predictions) {
    }

    private final PredictionService predictions;
    private final ModelRegistry models;
    private final ObjectReader requests;
    private final ObjectWriter responses;

    KServeV1Controller(PredictionService predictions, ModelRegistry models, JsonMapper mapper) {
        this.predictions = predictions;
        this.models = models;
        this.requests = mapper.reader().with(StreamReadFeature.USE_FAST_DOUBLE_PARSER);
        this.responses = mapper.writer().with(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);
    }

    @GetMapping("/v1/models")
    @Operation(operationId = "kserveV1ListModels", summary = "The names of the models this server serves")
    @ApiResponse(responseCode = "200", description = "{\"models\": [names]}, oldest first")
    ModelList list() {
        return new ModelList(models.list().stream().map(TrainedModel::name).distinct().toList());
    }

    @GetMapping("/v1/models/{name}")
    @Operation(operationId = "kserveV1ModelReady", summary = "Model readiness: {\"name\", \"ready\": true} while the model exists",
            description = "A stored model is always loaded, so an existing model is ready.")
    @ApiResponse(responseCode = "200", description = "Ready")
    @ApiResponse(responseCode = "404", description = "No such model: {\"error\": ...}")
    ModelReady ready(@Parameter(description = NAME, example = "iris") @PathVariable String name) {
        // resolves the model or fails with 404; a stored model needs no loading
        predictions.model(name);
        return new ModelReady(name, true);
    }

    /*
     * No `consumes`: KServe's own examples post with `curl -d @input.json`, which labels the body
     * application/x-www-form-urlencoded; the body is read as JSON whatever it is labelled.
     */
    @PostMapping(path = "/v1/models/{name}:predict", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "kserveV1Predict", summary = "Predict instances (KServe V1 / TensorFlow Serving row format)",
            description = "`{\"instances\": [...]}` with arrays in feature order or objects keyed by feature name. "
                    + "Answers `{\"predictions\": [...]}`, one per instance in order, each the object "
                    + "`/api/v1/models/{ref}/predictions` returns: `label`, `probabilities` (class → p, summing "
                    + "to 1) and, where they apply, `scores` and `warnings`.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, examples = {
                    @ExampleObject(name = "arrays (KServe's iris example)", value = ARRAYS),
                    @ExampleObject(name = "objects", value = OBJECTS)}))
    @ApiResponse(responseCode = "200", description = "One prediction per instance", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PredictResponse.class)))
    @ApiResponse(responseCode = "400", description = "A bad instance, naming its index and feature: {\"error\": ...}")
    @ApiResponse(responseCode = "404", description = "No such model: {\"error\": ...}")
    @ApiResponse(responseCode = "413", description = "Body over backprop.limits.upload-bytes: {\"error\": ...}")
    void predict(@Parameter(description = NAME, example = "iris") @PathVariable String name, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        TrainedModel model = predictions.model(name);
        try (JsonParser parser = requests.createParser(request.getInputStream());
             InstanceRows rows = predictions.readJson(model, parser, false)) {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            try (JsonGenerator out = responses.createGenerator(response.getOutputStream())) {
                predictions.writeResponse(model, rows, out, false);
            }
        } catch (JacksonIOException e) {
            // the parser reads ahead when it is created, so the body limit may trip before the reader runs
            if (e.getCause() instanceof BodyTooLargeException tooLarge) {
                throw ApiException.tooLarge(tooLarge.getMessage());
            }
            throw e;
        }
    }
}
