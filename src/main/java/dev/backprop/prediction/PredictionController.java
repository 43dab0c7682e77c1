package dev.backprop.prediction;

import java.io.IOException;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.backprop.system.ApiTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.backprop.model.TrainedModel;
import dev.backprop.system.ApiException;
import dev.backprop.system.BodyTooLargeException;
import dev.backprop.system.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Tag(name = ApiTags.PREDICTIONS)
class PredictionController {

    private static final String OBJECTS = "{\"instances\": [{\"Sepal.Length\": 5.1, \"Sepal.Width\": 3.5, "
            + "\"Petal.Length\": 1.4, \"Petal.Width\": 0.2}, {\"Sepal.Length\": 6.7, \"Sepal.Width\": 3.0, "
            + "\"Petal.Length\": 5.2, \"Petal.Width\": 2.3}]}";
    private static final String ARRAYS = "{\"instances\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}";
    private static final String SINGLE = "{\"Sepal.Length\": 5.9, \"Sepal.Width\": 3.0, \"Petal.Length\": 5.1, "
            + "\"Petal.Width\": 1.8}";
    private static final String CSV = "Sepal.Length,Sepal.Width,Petal.Length,Petal.Width\n5.1,3.5,1.4,0.2\n"
            + "6.7,3.0,5.2,2.3\n";

    private static final String INPUT_RULES = "JSON {\"instances\": [...]} with objects keyed by feature name "
            + "or arrays in feature order, or a text/csv body with a header row (columns matched by name; the label "
            + "column and R's row-number column are ignored). A categorical feature takes its level as text; null, "
            + "a left-out feature or a CSV missing marker is a missing value (imputed as in training). Missing "
            + "values, levels unseen in training and numbers far outside the training range are predicted with a "
            + "warning on that prediction; a wrong kind of value is a 400 naming the instance and feature.";
    private static final String MODEL_REF = "A model id, a name (its newest version) or name@alias";
    private static final String TEXT_CSV = "text/csv";
    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final PredictionService predictions;
    private final ObjectReader requests;
    private final ObjectWriter responses;

    PredictionController(PredictionService predictions, JsonMapper mapper) {
        this.predictions = predictions;
        this.requests = mapper.reader().with(StreamReadFeature.USE_FAST_DOUBLE_PARSER);
        this.responses = mapper.writer().with(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);
    }

    /*
     * The endpoints stream the request into a dense block and stream the answer out chunk by
     * chunk: prediction is the hot path, and Spring's message-converter round trip (a JSON tree
     * in, a list of records out) cost more than the network itself and held every answer twice.
     * Errors still go through the ProblemDetail advice, since every instance is read and checked
     * before the first byte is written.
     */
    private void answerJson(HttpServletRequest request, HttpServletResponse response, TrainedModel model,
                            boolean singleAllowed) throws IOException {
        try (JsonParser parser = requests.createParser(request.getInputStream());
             InstanceRows rows = predictions.readJson(model, parser, singleAllowed)) {
            requireEnd(parser);
            write(response, model, rows);
        } catch (JacksonIOException e) {
            // the parser reads ahead when it is created, so the body limit may trip here
            if (e.getCause() instanceof BodyTooLargeException tooLarge) {
                throw ApiException.tooLarge(tooLarge.getMessage());
            }
            throw e;
        }
    }

    private void answerCsv(HttpServletRequest request, HttpServletResponse response, TrainedModel model)
            throws IOException {
        try (InstanceRows rows = predictions.readCsv(model, request.getInputStream())) {
            write(response, model, rows);
        }
    }

    private void write(HttpServletResponse response, TrainedModel model, InstanceRows rows) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try (JsonGenerator out = responses.createGenerator(response.getOutputStream())) {
            predictions.writeResponse(model, rows, out, true);
        }
    }

    /** One JSON document per body: {@code {…} xyz} or a second object is refused, as Spring's readers refuse it. */
    private static void requireEnd(JsonParser parser) {
        JsonToken extra;
        try {
            extra = parser.nextToken();
        } catch (JacksonIOException e) {
            throw e;
        } catch (JacksonException e) {
            extra = JsonToken.NOT_AVAILABLE;
        }
        if (extra != null) {
            TokenStreamLocation at = parser.currentTokenLocation();
            throw new ApiException(ProblemType.MALFORMED_REQUEST, "The request body continues after its JSON document"
                    + (at.getLineNr() > 0 ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "")
                    + "; send exactly one JSON object");
        }
    }

    @PostMapping(path = "/api/v1/models/{ref}/predictions", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "predict",
            summary = "Predict with a model: by id, by name (its newest version) or name@alias",
            description = INPUT_RULES)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = {
                    @ExampleObject(name = "objects", value = OBJECTS), @ExampleObject(name = "arrays", value = ARRAYS)}),
            @Content(mediaType = TEXT_CSV, schema = @Schema(type = "string"),
                    examples = @ExampleObject(name = "csv", value = CSV))})
    @ApiResponse(responseCode = "200", description = "One prediction per instance, in order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = PredictionResponse.class)))
    @ApiResponse(responseCode = "400", description = "A bad instance: the detail names its index (or CSV row) and feature",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such model",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "Body over backprop.limits.upload-bytes, or instances needing more "
            + "than backprop.limits.request-memory",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "Too many large requests at once (backprop.limits.request-memory); "
            + "retry after Retry-After seconds",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    void predict(@Parameter(description = MODEL_REF, example = "iris@production") @PathVariable String ref,
                 HttpServletRequest request, HttpServletResponse response) throws IOException {
        answerJson(request, response, predictions.model(ref), false);
    }

    @PostMapping(path = "/api/v1/models/{ref}/predictions", consumes = TEXT_CSV,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(hidden = true)
    void predictCsv(@PathVariable String ref, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        answerCsv(request, response, predictions.model(ref));
    }

    @PostMapping(path = "/predict", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "predictWithDefaultModel",
            summary = "Predict with the default model (backprop.default-model, iris@production out of the box)",
            description = "Also takes a single instance object. Training other models never changes which model "
                    + "answers here; moving the alias does. " + INPUT_RULES)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = {
                    @ExampleObject(name = "single", value = SINGLE), @ExampleObject(name = "objects", value = OBJECTS),
                    @ExampleObject(name = "arrays", value = ARRAYS)}),
            @Content(mediaType = TEXT_CSV, schema = @Schema(type = "string"),
                    examples = @ExampleObject(name = "csv", value = CSV))})
    @ApiResponse(responseCode = "200", description = "One prediction per instance, in order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = PredictionResponse.class)))
    @ApiResponse(responseCode = "400", description = "A bad instance: the detail names its index (or CSV row) and feature",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "Body over backprop.limits.upload-bytes, or instances needing more "
            + "than backprop.limits.request-memory",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "The default model does not exist (yet), or too many large "
            + "requests at once (then with Retry-After)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    void predictDefault(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answerJson(request, response, predictions.defaultModel(), true);
    }

    /** Documented together with the JSON operation above (one path, one method, two body types). */
    @PostMapping(path = "/predict", consumes = TEXT_CSV, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(hidden = true)
    void predictDefaultCsv(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answerCsv(request, response, predictions.defaultModel());
    }
}
