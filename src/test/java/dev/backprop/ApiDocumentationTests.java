package dev.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAPI document is what a platform team reads first: every operation must explain itself. */
@SpringBootTest
@AutoConfigureMockMvc
class ApiDocumentationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    private JsonNode apiDocs() throws Exception {
        return json.readTree(mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString());
    }

    @Test
    void everyOperationHasASummaryATagAndItsErrorResponses() throws Exception {
        List<String> faults = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : apiDocs().get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                JsonNode operation = op.getValue();
                if (!operation.hasNonNull("summary")) {
                    faults.add(name + ": no summary");
                }
                if (!operation.has("tags")) {
                    faults.add(name + ": no tag");
                }
                boolean success = false;
                for (Map.Entry<String, JsonNode> response : operation.get("responses").properties()) {
                    success |= response.getKey().startsWith("2");
                }
                if (!success) {
                    faults.add(name + ": no success response");
                }
                if (path.getKey().contains("{") && !operation.get("responses").has("404")) {
                    faults.add(name + ": no 404 although it takes an id or name");
                }
                for (Map.Entry<String, JsonNode> response : operation.get("responses").properties()) {
                    // the KServe protocols (V1 and the Open Inference Protocol v2) answer {"error": ...}
                    boolean kserve = path.getKey().startsWith("/v2") || path.getKey().startsWith("/v1/");
                    String expected = kserve ? "application/json" : "application/problem+json";
                    if (response.getKey().matches("[45]..") && !response.getValue().path("content").has(expected)) {
                        faults.add(name + ": error " + response.getKey() + " is not documented as " + expected);
                    }
                }
            }
        }
        assertThat(faults).isEmpty();
    }

    @Test
    void tagsAreDeclaredOnce() throws Exception {
        List<String> names = new ArrayList<>();
        apiDocs().get("tags").forEach(tag -> names.add(tag.get("name").asString()));
        assertThat(names).doesNotHaveDuplicates()
                .containsExactlyInAnyOrder("Datasets", "Training", "Models", "Predictions", "Open Inference Protocol",
                        "KServe V1");
    }

    @Test
    void everyRequestBodyCarriesAnExample() throws Exception {
        List<String> faults = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : apiDocs().get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                JsonNode body = op.getValue().get("requestBody");
                if (body == null) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> content : body.get("content").properties()) {
                    JsonNode media = content.getValue();
                    boolean example = media.has("example") || media.has("examples")
                            || content.getKey().startsWith("multipart/");
                    if (!example) {
                        faults.add(op.getKey().toUpperCase() + " " + path.getKey() + " " + content.getKey());
                    }
                }
            }
        }
        assertThat(faults).isEmpty();
    }

    @Test
    void predictionsAndUploadsDocumentBothBodyTypes() throws Exception {
        JsonNode predict = apiDocs().get("paths").get("/predict").get("post").get("requestBody").get("content");
        assertThat(predict.has("application/json")).isTrue();
        assertThat(predict.has("text/csv")).isTrue();
        JsonNode upload = apiDocs().get("paths").get("/api/v1/datasets").get("post").get("requestBody").get("content");
        assertThat(upload.has("multipart/form-data")).isTrue();
        assertThat(upload.has("text/csv")).isTrue();
    }

    @Test
    void theUploadDocumentsEachOptionOnceAndTheFormHoldsOnlyTheFile() throws Exception {
        JsonNode post = apiDocs().get("paths").get("/api/v1/datasets").get("post");
        List<String> parameters = new ArrayList<>();
        for (JsonNode parameter : post.get("parameters")) {
            parameters.add(parameter.get("name").asString());
        }
        assertThat(parameters).containsExactly("name", "labelColumn", "columnTypes");
        JsonNode form = apiDocs().get("components").get("schemas").get("DatasetUploadForm").get("properties");
        List<String> fields = new ArrayList<>();
        form.propertyNames().forEach(fields::add);
        assertThat(fields).containsExactly("file");
    }

    /** Generated clients name their methods after operation ids: {@code getDataset}, never {@code get_2}. */
    @Test
    void operationIdsAreMeaningfulAndPathParametersHaveExamples() throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> faults = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : apiDocs().get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                String id = op.getValue().path("operationId").asString("");
                ids.add(id);
                if (!id.matches("[a-z][A-Za-z0-9]*") || id.matches(".*\\d$") || id.length() < 6) {
                    faults.add(name + ": operationId '" + id + "'");
                }
                for (JsonNode parameter : op.getValue().path("parameters")) {
                    if (parameter.get("in").asString().equals("path") && !parameter.has("example")
                            && !parameter.path("schema").has("example")) {
                        faults.add(name + ": path parameter '" + parameter.get("name").asString() + "' has no example");
                    }
                }
            }
        }
        assertThat(faults).isEmpty();
        assertThat(ids).doesNotHaveDuplicates();
    }
}
