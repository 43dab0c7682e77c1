package dev.backprop.prediction.oip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.backprop.model.ModelRegistry;
import dev.backprop.model.TrainedModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server metadata, KServe's model list, Triton's repository index and versioned inference
 * over a real port with a plain HTTP client, using the protocols' own example payloads (the
 * OIP specification's inference example, Triton's {@code {"ready": true}} index request).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OipRepositoryTests {

    /** The inference example of the OIP specification ({@code inference_rest.md}), verbatim. */
    private static final String SPEC_EXAMPLE = """
            {
              "id" : "42",
              "inputs" : [
                {
                  "name" : "input0",
                  "shape" : [ 2, 2 ],
                  "datatype" : "UINT32",
                  "data" : [ 1, 2, 3, 4 ]
                },
                {
                  "name" : "input1",
                  "shape" : [ 3 ],
                  "datatype" : "BOOL",
                  "data" : [ true ]
                }
              ],
              "outputs" : [
                {
                  "name" : "output0"
                }
              ]
            }""";

    /** The same request shaped for an Iris model: one [2, 4] input, one requested output. */
    private static final String IRIS_EXAMPLE = """
            {
              "id" : "42",
              "inputs" : [
                {
                  "name" : "input",
                  "shape" : [ 2, 4 ],
                  "datatype" : "FP64",
                  "data" : [ 5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3 ]
                }
              ],
              "outputs" : [
                {
                  "name" : "label"
                }
              ]
            }""";

    private static final String NAME = "oip-repository";

    @LocalServerPort
    int port;

    @Autowired
    ModelRegistry models;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<TrainedModel> versions = new ArrayList<>();

    /** Two versions of one name, copies of the built-in iris network. */
    @BeforeEach
    void twoVersions() {
        TrainedModel iris = models.require("iris");
        for (int i = 0; i < 2; i++) {
            versions.add(models.register(new ModelRegistry.Draft(NAME, iris.datasetId(), iris.labelColumn(),
                    iris.config(), iris.metrics(), iris.history(), iris.provenance(), iris.network())));
        }
    }

    @AfterEach
    void deleteThem() {
        versions.forEach(m -> models.delete(m.id()));
    }

    @Test
    void serverMetadata() throws Exception {
        HttpResponse<String> response = send("GET", "/v2", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.propertyNames()).containsExactly("name", "version", "extensions");
        assertThat(body.get("name").asString()).isEqualTo("backprop-service");
        assertThat(body.get("version").asString()).isNotBlank();
        // no extension is implemented in full (the repository index comes without load and unload)
        assertThat(body.get("extensions").isArray()).isTrue();
    }

    @Test
    void theModelListNamesEachModelOnce() throws Exception {
        HttpResponse<String> response = send("GET", "/v2/models", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> names = json.readTree(response.body()).get("models").valueStream().map(JsonNode::asString).toList();
        assertThat(names).contains("iris", NAME).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "body {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "-", value = {
            "{\"ready\": true} | application/json",
            "{\"ready\": false}| application/json",
            "{}                | application/json",
            "~~                | -"})
    void theRepositoryIndexListsEveryVersionAsReady(String body, String contentType) throws Exception {
        HttpResponse<String> response = send("POST", "/v2/repository/index", contentType, body);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode index = json.readTree(response.body());
        assertThat(index.isArray()).isTrue();
        List<JsonNode> ours = index.valueStream().filter(e -> e.get("name").asString().equals(NAME)).toList();
        assertThat(ours).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(ours.get(i)).isEqualTo(json.readTree("{\"name\": \"" + NAME + "\", \"version\": \""
                    + versions.get(i).version() + "\", \"state\": \"READY\", \"reason\": \"\"}"));
        }
        assertThat(index.valueStream().map(e -> e.get("name").asString())).contains("iris");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{\"ready\": \"yes\"} | ready must be true or false",
            "[true]               | the body must be a JSON object",
            "{\"ready\":          | the body must be a JSON object"})
    void aBadIndexRequestIsA400WithAnErrorObject(String body, String error) throws Exception {
        HttpResponse<String> response = send("POST", "/v2/repository/index", "application/json", body);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = json.readTree(response.body());
        assertThat(answer.propertyNames()).containsExactly("error");
        assertThat(answer.get("error").asString()).contains(error);
    }

    @Test
    void versionedInferenceAnswersTheSpecificationsExampleShapedForIris() throws Exception {
        TrainedModel first = versions.get(0);
        HttpResponse<String> response = send("POST", "/v2/models/" + NAME + "/versions/" + first.version() + "/infer",
                "application/json", IRIS_EXAMPLE);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("model_name").asString()).isEqualTo(NAME);
        assertThat(body.get("model_version").asString()).isEqualTo(String.valueOf(first.version()));
        assertThat(body.get("id").asString()).isEqualTo("42");
        assertThat(body.get("outputs").size()).as("only the requested output").isEqualTo(1);
        assertThat(body.at("/outputs/0")).isEqualTo(json.readTree(
                "{\"name\": \"label\", \"shape\": [2], \"datatype\": \"BYTES\", \"data\": [\"setosa\", \"virginica\"]}"));

        // unversioned: the newest version answers
        JsonNode newest = json.readTree(send("POST", "/v2/models/" + NAME + "/infer", "application/json",
                IRIS_EXAMPLE).body());
        assertThat(newest.get("model_version").asString()).isEqualTo(String.valueOf(versions.get(1).version()));
    }

    @Test
    void theSpecificationsVerbatimExampleIsA400NamingWhatDoesNotFit() throws Exception {
        HttpResponse<String> response = send("POST", "/v2/models/" + NAME + "/infer", "application/json", SPEC_EXAMPLE);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("error").asString())
                .isEqualTo("the model takes one input tensor (FP64, shape [-1, 4]) or one tensor per column, named "
                        + "after it (Sepal.Length, Sepal.Width, Petal.Length, Petal.Width); got 2 tensors, the first "
                        + "named 'input0'");
    }

    @Test
    void versionedMetadataAndReadiness() throws Exception {
        TrainedModel second = versions.get(1);
        JsonNode metadata = json.readTree(send("GET", "/v2/models/" + NAME + "/versions/" + second.version(), null,
                null).body());
        assertThat(metadata.get("name").asString()).isEqualTo(NAME);
        assertThat(metadata.get("versions").valueStream().map(JsonNode::asString)).containsExactly(
                String.valueOf(versions.get(0).version()), String.valueOf(second.version()));
        HttpResponse<String> ready = send("GET", "/v2/models/" + NAME + "/versions/" + second.version() + "/ready",
                null, null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ready.body())).isEqualTo(json.readTree("{\"name\": \"" + NAME + "\", \"ready\": true}"));
    }

    @Test
    void aModelIdAddressesThatVersion() throws Exception {
        TrainedModel first = versions.get(0);
        JsonNode response = json.readTree(send("POST", "/v2/models/" + first.id() + "/infer", "application/json",
                IRIS_EXAMPLE).body());
        assertThat(response.get("model_version").asString()).isEqualTo(String.valueOf(first.version()));
        assertThat(send("GET", "/v2/models/" + first.id() + "/ready", null, null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
