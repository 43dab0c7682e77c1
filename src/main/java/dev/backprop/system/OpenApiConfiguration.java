package dev.backprop.system;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's frame: title, version, tags, and the {@code apiKey} security scheme,
 * which Swagger UI offers under "Authorize" and which is marked on exactly the operations that
 * {@link ApiKeyFilter} guards once a key is configured.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String API_KEY_SCHEME = "apiKey";

    @Bean
    OpenAPI backpropOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        String version = properties != null ? properties.getVersion() : "dev";
        return new OpenAPI()
                .info(new Info()
                        .title("Backprop Service API")
                        .version(version)
                        .description("""
                                Trains feed-forward neural networks by backpropagation and serves their predictions. \
                                Upload a CSV dataset, start a training job, watch it, then classify new rows. \
                                The Iris data set is built in (dataset id `iris`) and a model named `iris` answers \
                                `POST /predict` from start-up.

                                When the operator sets `backprop.security.api-key`, operations marked with a lock \
                                need header `X-API-Key` (use "Authorize"); reads and predictions stay open unless \
                                `backprop.security.protect-predictions` is true."""))
                .tags(List.of(
                        new Tag().name(ApiTags.DATASETS).description("Upload, list, inspect and delete tabular datasets"),
                        new Tag().name(ApiTags.TRAINING).description("Asynchronous training jobs: start, watch (SSE), cancel"),
                        new Tag().name(ApiTags.MODELS).description("Trained models: metadata, metrics, export and import"),
                        new Tag().name(ApiTags.PREDICTIONS).description("Classify instances with a stored model"),
                        new Tag().name(ApiTags.SCORING).description("Score every row of a stored dataset as an "
                                + "asynchronous job; the result streams as CSV"),
                        new Tag().name(ApiTags.OPEN_INFERENCE_PROTOCOL)
                                .description("KServe Open Inference Protocol v2 (REST)"),
                        new Tag().name(ApiTags.KSERVE_V1)
                                .description("KServe V1 data plane (TensorFlow Serving's REST shape)")))
                .components(new Components().addSecuritySchemes(API_KEY_SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name(ApiKeyPolicy.HEADER)
                        .description("Required on mutating operations when backprop.security.api-key is set")));
    }

    /** Marks every operation the API key guards (per {@link ApiKeyPolicy}) and documents its 401. */
    @Bean
    OpenApiCustomizer apiKeyRequirements(SecurityProperties security) {
        ApiKeyPolicy policy = new ApiKeyPolicy(security.protectPredictions());
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                if (policy.requiresKey(method.name(), path)) {
                    operation.addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
                    if (operation.getResponses() != null) {
                        operation.getResponses().putIfAbsent("401", new ApiResponse()
                                .description("Missing or wrong X-API-Key header (only when an API key is configured)"));
                    }
                }
            }));
        };
    }

    /**
     * Error responses carry problem details everywhere but on the Open Inference Protocol, whose
     * errors are {@code {"error": "..."}}; springdoc would otherwise show the success schema.
     */
    @Bean
    OpenApiCustomizer errorResponseBodies() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            Schema<?> problem = new Schema<>().$ref("#/components/schemas/ProblemDetail");
            Schema<?> oipError = new ObjectSchema().addProperty("error", new StringSchema()
                    .example("unknown model 'nope'"));
            openApi.getComponents().addSchemas("ProblemDetail", new ObjectSchema()
                    .addProperty("type", new StringSchema().format("uri")
                            .description("The kind of problem, one of " + ProblemType.BASE + "…; see docs/api-errors.md")
                            .example(ProblemType.INVALID_CONFIG.uri().toString()))
                    .addProperty("title", new StringSchema().description("The kind's name"))
                    .addProperty("status", new IntegerSchema())
                    .addProperty("detail", new StringSchema().description("What is wrong and where, for a human"))
                    .addProperty("instance", new StringSchema().format("uri"))
                    .addProperty(ApiException.ERRORS, new ArraySchema()
                            .description("Validation problems: every bad field of the request, one entry each")
                            .items(new ObjectSchema()
                                    .addProperty("field", new StringSchema().example("earlyStopping.patience"))
                                    .addProperty("pointer", new StringSchema()
                                            .description("RFC 6901 pointer into the JSON body").example("/earlyStopping/patience"))
                                    .addProperty("detail", new StringSchema()))));
            openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
                if (operation.getResponses() == null) {
                    return;
                }
                // both KServe protocols (V1 and the Open Inference Protocol v2) answer {"error": ...}
                boolean oip = path.startsWith("/v2") || path.startsWith("/v1/");
                operation.getResponses().forEach((code, response) -> {
                    if (code.startsWith("4") || code.startsWith("5")) {
                        response.setContent(new Content().addMediaType(
                                oip ? "application/json" : "application/problem+json",
                                new MediaType().schema(oip ? oipError : problem)));
                    }
                });
            }));
        };
    }
}
