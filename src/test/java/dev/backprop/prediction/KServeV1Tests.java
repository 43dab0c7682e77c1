package dev.backprop.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.backprop.model.ModelRegistry;
import dev.backprop.model.TrainedModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * KServe's V1 data plane over a real port (the colon in {@code :predict} must survive the servlet
 * container and Spring's path matching), driven with KServe's own iris example payload.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class KServeV1Tests {

    /** KServe's sklearn iris example input ({@code iris-input.json} in its docs). */
    private static final String KSERVE_IRIS = "{\"instances\": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}";

    @LocalServerPort
    int port;

    @Autowired
    ModelRegistry models;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void listsModelsAndReportsReadiness() throws Exception {
        HttpResponse<String> list = send("GET", "/v1/models", null, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json.readTree(list.body()).get("models").valueStream().map(JsonNode::asString)).contains("iris");

        HttpResponse<String> ready = send("GET", "/v1/models/iris", null, null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ready.body())).isEqualTo(json.readTree("{\"name\": \"iris\", \"ready\": true}"));

        String id = models.require("iris").id();
        assertThat(json.readTree(send("GET", "/v1/models/" + id, null, null).body()).get("name").asString()).isEqualTo(id);
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"application/json", "application/x-www-form-urlencoded", ""})
    void predictAnswersKServesExampleLikeThePredictionsEndpoint(String contentType) throws Exception {
        // curl -d @iris-input.json sends application/x-www-form-urlencoded, as KServe's docs do
        HttpResponse<String> response = send("POST", "/v1/models/iris:predict", contentType, KSERVE_IRIS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json.readTree(response.body());
        assertThat(body.propertyNames()).containsExactly("predictions");
        JsonNode predictions = body.get("predictions");
        assertThat(predictions.size()).isEqualTo(2);
        TrainedModel iris = models.require("iris");
        for (JsonNode prediction : predictions) {
            assertThat(iris.classNames()).contains(prediction.get("label").asString());
            assertThat(prediction.get("probabilities").propertyNames()).containsExactlyElementsOf(iris.classNames());
        }
        HttpResponse<String> same = send("POST", "/api/v1/models/iris/predictions", "application/json", KSERVE_IRIS);
        assertThat(predictions).isEqualTo(json.readTree(same.body()).get("predictions"));
    }

    @Test
    void aPercentEncodedColonAddressesTheSameOperation() throws Exception {
        HttpResponse<String> response = send("POST", "/v1/models/iris%3Apredict", "application/json", KSERVE_IRIS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("predictions").size()).isEqualTo(2);
    }

    @Test
    void objectsKeyedByFeatureNameAreInstancesToo() throws Exception {
        HttpResponse<String> response = send("POST", "/v1/models/iris:predict", "application/json",
                "{\"instances\": [{\"Sepal.Length\": 5.1, \"Sepal.Width\": 3.5, \"Petal.Length\": 1.4, "
                        + "\"Petal.Width\": 0.2}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).at("/predictions/0/label").asString()).isEqualTo("setosa");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{\"instances\": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4]]}  | 400 | instances[1]: expected 4 values",
            "{\"instances\": [{\"Sepal.Length\": \"long\"}]}       | 400 | instances[0], feature 'Sepal.Length'",
            "{\"inputs\": [[6.8, 2.8, 4.8, 1.4]]}                | 400 | the body needs 'instances'",
            "{\"instances\": []}                                 | 400 | 'instances' is empty",
            "{\"instances\": [[6.8, 2.8, 4.8,                    | 400 | not valid JSON",
            "[[6.8, 2.8, 4.8, 1.4]]                              | 400 | must be a JSON object"})
    void badInputIsA400WithKServesErrorObject(String body, int status, String message) throws Exception {
        HttpResponse<String> response = send("POST", "/v1/models/iris:predict", "application/json", body);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = json.readTree(response.body());
        assertThat(error.propertyNames()).containsExactly("error");
        assertThat(error.get("error").asString()).contains(message);
    }

    @Test
    void anUnknownModelIsA404WithKServesErrorObject() throws Exception {
        for (HttpResponse<String> response : new HttpResponse[] {
                send("POST", "/v1/models/no-such-model:predict", "application/json", KSERVE_IRIS),
                send("GET", "/v1/models/no-such-model", null, null)}) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(json.readTree(response.body()))
                    .isEqualTo(json.readTree("{\"error\": \"Model 'no-such-model' does not exist\"}"));
        }
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            if (!contentType.isEmpty()) {
                request.header("Content-Type", contentType);
            }
            request.method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
