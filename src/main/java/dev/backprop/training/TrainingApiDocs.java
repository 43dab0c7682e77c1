package dev.backprop.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.backprop.dataset.DatasetCatalog;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainingConfig;
import dev.backprop.system.ApiException;
import dev.backprop.system.ApiTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

/**
 * The training settings as clients learn them: the request schema in OpenAPI and
 * {@code GET /api/v1/training-config} (fields, allowed values, defaults, presets — what the
 * dashboard builds its form from), both derived from the engine's one vocabulary.
 */
@RestController
@Configuration(proxyBeanMethods = false)
@Tag(name = ApiTags.TRAINING)
class TrainingApiDocs {

    static final String REQUEST_SCHEMA = "#/components/schemas/TrainingRequest";

    /** What {@code GET /api/v1/training-config} answers. */
    record ConfigDescription(List<TrainingConfig.Field> fields, Map<String, Object> defaults,
                             Map<String, Map<String, Object>> presets) {
    }

    private final DatasetCatalog datasets;

    TrainingApiDocs(DatasetCatalog datasets) {
        this.datasets = datasets;
    }

    @GetMapping("/api/v1/training-config")
    @Operation(operationId = "describeTrainingConfig", summary = "The training settings: names, types, allowed values, "
            + "defaults and presets", description = "Everything a training request may set, as the engine defines "
            + "it; a form built from this needs no hard-coded lists. Defaults show a seed of 0; a job without a "
            + "seed gets a random one. With `datasetId` (and optionally `task`), `defaults` are what a job on that "
            + "dataset gets: the task its label suggests (regression: a linear output with MSE) and the settings "
            + "for its size (from 20 000 rows, Adam's learning rate 0.003).")
    @ApiResponse(responseCode = "200", description = "The settings")
    @ApiResponse(responseCode = "400", description = "task is neither classification nor regression")
    @ApiResponse(responseCode = "404", description = "No dataset with this id")
    ConfigDescription describe(
            @Parameter(description = "Give the defaults a job on this dataset gets", example = "iris")
            @RequestParam(required = false) String datasetId,
            @Parameter(description = "The task to give the defaults for, instead of the one the dataset's label suggests",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"classification", "regression"}))
            @RequestParam(required = false) String task) {
        Task chosen;
        try {
            chosen = task == null ? null : Task.parse("task", task);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("task", e.getMessage()).with("field", "task");
        }
        TrainingConfig defaults = datasetId != null
                ? ConfigResolver.defaults(datasets.require(datasetId), chosen, 0)
                : chosen != null ? TrainingConfig.defaults(0).forTask(chosen) : TrainingConfig.defaults(0);
        Map<String, Map<String, Object>> presets = new LinkedHashMap<>();
        presets.put(ConfigResolver.CASE_STUDY, TrainingConfig.caseStudy(0).toProperties());
        return new ConfigDescription(TrainingConfig.fields(), defaults.toProperties(), presets);
    }

    @Bean
    OpenApiCustomizer trainingRequestSchema() {
        return api -> {
            ObjectSchema request = new ObjectSchema();
            request.description("A training job: only datasetId is required; every other setting overrides the "
                    + "modern defaults (or the case study's, with preset seed-case-study). Unknown settings are "
                    + "refused, so that a typo never trains with a default.");
            request.addProperty("datasetId", new StringSchema().description("Dataset to train on").example("iris"));
            request.addProperty("modelName", new StringSchema().description("Name of the model to create (default: "
                    + "the dataset's name); each training adds a version").example("iris"));
            request.addProperty("preset", new StringSchema()._enum(List.of(ConfigResolver.CASE_STUDY))
                    .description("Base settings: absent = modern defaults; seed-case-study = the original Iris case study"));
            Map<String, Object> defaults = TrainingConfig.defaults(0).toProperties();
            for (TrainingConfig.Field field : TrainingConfig.fields()) {
                Schema<?> schema = switch (field.type()) {
                    case "string" -> new StringSchema()._enum(field.allowed());
                    case "integer" -> new IntegerSchema().format("int64");
                    case "number" -> new NumberSchema();
                    case "boolean" -> new BooleanSchema();
                    case "array" -> new ArraySchema().items(new IntegerSchema());
                    default -> earlyStopping();
                };
                schema.description(field.description());
                if (!field.name().equals("seed")) {
                    schema.setDefault(defaults.get(field.name()));
                }
                request.addProperty(field.name(), schema);
            }
            request.required(List.of("datasetId"));
            api.getComponents().addSchemas("TrainingRequest", request);
        };
    }

    private static Schema<?> earlyStopping() {
        return new ObjectSchema()
                .addProperty("enabled", new BooleanSchema().description("false = train every epoch"))
                .addProperty("patience", new IntegerSchema().description("epochs without improvement before stopping"))
                .addProperty("minDelta", new NumberSchema().description("smallest change that counts as improvement"))
                .addProperty("restoreBest", new BooleanSchema().description("put back the best epoch's weights"));
    }
}
