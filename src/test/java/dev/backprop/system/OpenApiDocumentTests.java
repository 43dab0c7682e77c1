package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "backprop.bootstrap-model=false")
@AutoConfigureTestRestTemplate
@Import(TestEndpoints.class)
class OpenApiDocumentTests {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JsonMapper json;

    @Test
    void documentHasInfoTagsAndApiKeyScheme() {
        JsonNode doc = apiDocs();

        assertThat(doc.at("/info/title").asString()).isEqualTo("Backprop Service API");
        assertThat(doc.at("/info/version").asString()).isNotBlank();
        assertThat(doc.at("/info/description").asString()).contains("X-API-Key");
        assertThat(doc.get("tags").valueStream().map(tag -> tag.get("name").asString()).toList())
                .contains("Datasets", "Training", "Models", "Predictions", "Open Inference Protocol");
        JsonNode scheme = doc.at("/components/securitySchemes/apiKey");
        assertThat(scheme.get("type").asString()).isEqualTo("apiKey");
        assertThat(scheme.get("in").asString()).isEqualTo("header");
        assertThat(scheme.get("name").asString()).isEqualTo("X-API-Key");
    }

    @Test
    void mutatingOperationsCarryTheRequirementReadsDoNot() {
        JsonNode items = apiDocs().at("/paths/~1api~1test-only~1items");

        assertThat(items.at("/post/security/0/apiKey").isArray()).isTrue();
        assertThat(items.at("/post/responses/401/description").asString()).contains("X-API-Key");
        assertThat(items.at("/get/security").isMissingNode()).isTrue();
        JsonNode item = apiDocs().at("/paths/~1api~1test-only~1items~1{id}");
        assertThat(item.at("/delete/security/0/apiKey").isArray()).isTrue();
        assertThat(item.at("/put/security/0/apiKey").isArray()).isTrue();
        assertThat(item.at("/patch/security/0/apiKey").isArray()).isTrue();
    }

    @Test
    void swaggerUiAnswers() {
        assertThat(http.getForEntity("/swagger-ui/index.html", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /** The prediction controllers live on other branches, so the customizer is checked on a hand-made document. */
    @Test
    void predictionsAreMarkedOnlyWhenProtected() {
        OpenAPI open = documentWithPredictAndUpload();
        new OpenApiConfiguration().apiKeyRequirements(new SecurityProperties(null, false)).customise(open);
        assertThat(open.getPaths().get("/predict").getPost().getSecurity()).isNull();
        assertThat(open.getPaths().get("/v2/models/{name}/infer").getPost().getSecurity()).isNull();
        assertThat(open.getPaths().get("/api/v1/datasets").getPost().getSecurity())
                .containsExactly(new SecurityRequirement().addList("apiKey"));

        OpenAPI protectedPredictions = documentWithPredictAndUpload();
        new OpenApiConfiguration().apiKeyRequirements(new SecurityProperties("k", true)).customise(protectedPredictions);
        assertThat(protectedPredictions.getPaths().get("/predict").getPost().getSecurity()).hasSize(1);
        assertThat(protectedPredictions.getPaths().get("/v2/models/{name}/infer").getPost().getSecurity()).hasSize(1);
    }

    private static OpenAPI documentWithPredictAndUpload() {
        Paths paths = new Paths();
        for (String path : List.of("/predict", "/v2/models/{name}/infer", "/api/v1/datasets")) {
            paths.addPathItem(path, new PathItem().post(new Operation().responses(new ApiResponses())));
        }
        return new OpenAPI().paths(paths);
    }

    private JsonNode apiDocs() {
        ResponseEntity<String> response = http.getForEntity("/v3/api-docs", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return json.readTree(response.getBody());
    }
}
