package dev.backprop.model;

import java.net.URI;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.backprop.model.onnx.OnnxExporter;
import dev.backprop.system.ApiException;
import dev.backprop.system.ApiTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = ApiTags.MODELS)
class ModelTransferController {

    /** A small but complete Iris model (4-3, softmax, z-score inputs) as an import example. */
    static final String IRIS_DOCUMENT = """
            {"format": "backprop-model", "formatVersion": 1, "name": "iris-imported",
             "datasetId": "iris", "labelColumn": "Species",
             "featureNames": ["Sepal.Length", "Sepal.Width", "Petal.Length", "Petal.Width"],
             "classNames": ["setosa", "versicolor", "virginica"],
             "layers": [4, 3], "activations": {"hidden": "sigmoid", "output": "softmax"}, "bias": true,
             "weights": [[[-1.0, 0.2, 0.8], [1.2, -0.6, -0.6], [-2.4, 0.3, 2.1], [-2.2, -0.2, 2.4]]],
             "biases": [[-0.3, 1.6, -1.3]],
             "normalizer": {"kind": "z-score", "shift": [5.84, 3.06, 3.76, 1.2], "scale": [0.83, 0.43, 1.76, 0.76]},
             "featureMin": [4.3, 2.0, 1.0, 0.1], "featureMax": [7.9, 4.4, 6.9, 2.5],
             "config": {"datasetId": "iris", "modelName": "iris-imported", "hiddenLayers": [], "activation": "sigmoid",
                        "outputActivation": "softmax", "loss": "cross-entropy", "reduction": "mean",
                        "optimizer": "adam", "learningRate": 0.01, "epochs": 500, "batchSize": 0, "l2": 0,
                        "weightInit": "xavier", "bias": true, "normalization": "z-score", "testFraction": 0,
                        "validationFraction": 0, "seed": 42,
                        "earlyStopping": {"enabled": false, "patience": 0, "minDelta": 0, "restoreBest": false}},
             "metrics": {"train": {"accuracy": 0.96, "loss": 0.1, "meanAbsoluteError": 0.05, "oneMinusMaePercent": 95,
                                   "rows": 150, "confusionMatrix": [[50, 0, 0], [0, 47, 3], [0, 3, 47]],
                                   "perClass": []}}}""";

    private final ModelTransfer transfer;

    ModelTransferController(ModelTransfer transfer) {
        this.transfer = transfer;
    }

    @GetMapping("/{id}/export")
    @Operation(operationId = "exportModel", summary = "Export a model: its own JSON document, or ONNX",
            description = "By id, name (its newest version) or name@alias. JSON (the default): one self-contained, "
                    + "versioned document (format `backprop-model`, formatVersion 2) with weights, biases, "
                    + "activations, the input encoding (per column: imputation, scaling, levels), feature and class "
                    + "names, task, config, metrics, history and provenance; POST it to /api/v1/models/import to "
                    + "load it elsewhere. ONNX (`format=onnx`, or `Accept: application/onnx`): a self-contained "
                    + "ONNX model (IR 10, opset 21) computing what the predictions compute, the input encoding "
                    + "included. Inputs: `input` (FP64 [N, features], raw values in featureNames order; NaN = "
                    + "missing) for an all-numeric model, else (or with `inputs=columns`) one [N, 1] input per "
                    + "feature, named after it: FP64 for a numeric column, STRING (its level; \"\" = missing) for "
                    + "a categorical one. Outputs: `label` (string [N]), `probabilities` (FP64 [N, classes], "
                    + "summing to 1) and, for sigmoid outputs, `scores`; a regression's `value` (FP64 [N]). Feature "
                    + "and class names and provenance are in its metadata_props. See docs/interop.md.")
    @ApiResponse(responseCode = "200", description = "The document (attachment <name>-v<version>.json) or the ONNX "
            + "model (attachment <name>-v<version>.onnx)", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ModelDocument.class)),
            @Content(mediaType = OnnxExporter.MEDIA_TYPE, schema = @Schema(type = "string", format = "binary"))})
    @ApiResponse(responseCode = "400", description = "format is neither json nor onnx, inputs neither tensor nor "
            + "columns (or given for JSON), or a feature name that cannot be an ONNX input name (inputs=columns)")
    @ApiResponse(responseCode = "404", description = "No model with that id or name")
    ResponseEntity<?> export(@Parameter(description = "A model id, a name (its newest version) or name@alias",
                    example = "iris@production") @PathVariable String id,
            @Parameter(description = "json (default) or onnx; when absent, Accept: application/onnx selects ONNX",
                    schema = @Schema(allowableValues = {"json", "onnx"}))
            @RequestParam(required = false) String format,
            @Parameter(description = "ONNX only: `tensor` for one input `input` [N, features] (all-numeric models), "
                    + "`columns` for one [N, 1] input per feature, named after it; absent: `tensor` when every column "
                    + "is numeric, else `columns`", schema = @Schema(allowableValues = {"tensor", "columns"}))
            @RequestParam(required = false) String inputs,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        if (ExportFormat.negotiate(format, accept) == ExportFormat.ONNX) {
            ModelTransfer.OnnxFile onnx = transfer.exportOnnx(id, ExportFormat.inputLayout(inputs));
            return ResponseEntity.ok().contentType(ExportFormat.ONNX_MEDIA_TYPE)
                    .header(HttpHeaders.CONTENT_DISPOSITION, attachment(onnx.filename()))
                    .body(onnx.bytes());
        }
        if (inputs != null) {
            throw ApiException.badRequest("inputs applies to the ONNX export only (format=onnx)");
        }
        ModelDocument document = transfer.export(id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(document.name() + "-v" + document.version() + ".json"))
                .body(document);
    }

    private static String attachment(String filename) {
        return ContentDisposition.attachment().filename(filename).build().toString();
    }

    @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "importModel", summary = "Import an exported model document as a new model",
            description = "Validates the whole document (format, formatVersion, shapes, finiteness) and registers "
                    + "it under a new id, as the next version of its name (or of `name`). Its predictions are "
                    + "identical to the exported model's.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "iris", value = IRIS_DOCUMENT)))
    @ApiResponse(responseCode = "201", description = "Imported; Location names the new model")
    @ApiResponse(responseCode = "400", description = "Not a valid model document: the detail names the field")
    @ApiResponse(responseCode = "409", description = "The model store is full")
    ResponseEntity<TrainedModel> importModel(@RequestBody JsonNode body,
            @Parameter(description = "store under this model name instead of the document's")
            @RequestParam(required = false) String name) {
        TrainedModel model = transfer.importDocument(body, name);
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/models/{id}")
                .buildAndExpand(model.id()).toUri();
        return ResponseEntity.created(location).body(model);
    }
}
