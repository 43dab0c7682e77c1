package dev.backprop.prediction.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import dev.backprop.model.ModelRegistry;
import dev.backprop.model.TrainedModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Open Inference Protocol v2 REST API against the built-in iris model, field names as the specification's. */
@SpringBootTest
@AutoConfigureMockMvc
class OipControllerTests {

    private static final double[] IRIS = {5.1, 3.5, 1.4, 0.2, 5.9, 3.0, 4.2, 1.5, 6.7, 3.0, 5.2, 2.3};

    @Autowired
    MockMvc mvc;

    @Autowired
    ModelRegistry models;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void serverMetadataLivenessAndReadiness() throws Exception {
        mvc.perform(get("/v2")).andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("backprop-service"))
                .andExpect(jsonPath("$.version").isString())
                .andExpect(jsonPath("$.extensions").isArray());
        mvc.perform(get("/v2/health/live")).andExpect(status().isOk()).andExpect(jsonPath("$.live").value(true));
        mvc.perform(get("/v2/health/ready")).andExpect(status().isOk()).andExpect(jsonPath("$.ready").value(true));
    }

    @Test
    void modelMetadataDescribesTheTensors() throws Exception {
        TrainedModel iris = iris();
        for (String path : List.of("/v2/models/iris", "/v2/models/iris/versions/" + iris.version())) {
            mvc.perform(get(path)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.name").value("iris"))
                    .andExpect(jsonPath("$.versions").value(hasItem(String.valueOf(iris.version()))))
                    .andExpect(jsonPath("$.platform").value("backprop"))
                    .andExpect(jsonPath("$.inputs", hasSize(5)))
                    .andExpect(jsonPath("$.inputs[1].name").value("Sepal.Length"))
                    .andExpect(jsonPath("$.inputs[1].shape[0]").value(-1))
                    .andExpect(jsonPath("$.inputs[0].name").value("input"))
                    .andExpect(jsonPath("$.inputs[0].datatype").value("FP64"))
                    .andExpect(jsonPath("$.inputs[0].shape[0]").value(-1))
                    .andExpect(jsonPath("$.inputs[0].shape[1]").value(4))
                    .andExpect(jsonPath("$.outputs[0].name").value("label"))
                    .andExpect(jsonPath("$.outputs[0].datatype").value("BYTES"))
                    .andExpect(jsonPath("$.outputs[0].shape[0]").value(-1))
                    .andExpect(jsonPath("$.outputs[1].name").value("probabilities"))
                    .andExpect(jsonPath("$.outputs[1].datatype").value("FP64"))
                    .andExpect(jsonPath("$.outputs[1].shape[1]").value(3));
        }
        mvc.perform(get("/v2/models/iris/ready")).andExpect(status().isOk())
                .andExpect(content().json("{\"name\": \"iris\", \"ready\": true}", true));
        mvc.perform(get("/v2/models/iris/versions/" + iris.version() + "/ready")).andExpect(status().isOk())
                .andExpect(jsonPath("$.ready").value(true));
    }

    @Test
    void inferWithNestedFp64Data() throws Exception {
        TrainedModel iris = iris();
        String body = """
                {"id": "req-7", "parameters": {"note": "ignored"}, "inputs": [{"name": "input", "shape": [3, 4],
                 "datatype": "FP64", "data": [[5.1, 3.5, 1.4, 0.2], [5.9, 3.0, 4.2, 1.5], [6.7, 3.0, 5.2, 2.3]]}]}""";
        JsonNode response = infer("/v2/models/iris/infer", body)
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.model_name").value("iris"))
                .andExpect(jsonPath("$.model_version").value(String.valueOf(iris.version())))
                .andExpect(jsonPath("$.id").value("req-7"))
                .andExpect(jsonPath("$.outputs", hasSize(2)))
                .andExpect(jsonPath("$.outputs[0].name").value("label"))
                .andExpect(jsonPath("$.outputs[0].datatype").value("BYTES"))
                .andExpect(jsonPath("$.outputs[0].shape[0]").value(3))
                .andExpect(jsonPath("$.outputs[0].data[0]").value("setosa"))
                .andExpect(jsonPath("$.outputs[0].data[1]").value("versicolor"))
                .andExpect(jsonPath("$.outputs[0].data[2]").value("virginica"))
                .andExpect(jsonPath("$.outputs[1].name").value("probabilities"))
                .andExpect(jsonPath("$.outputs[1].datatype").value("FP64"))
                .andExpect(jsonPath("$.outputs[1].shape[0]").value(3))
                .andExpect(jsonPath("$.outputs[1].shape[1]").value(3))
                .andExpect(jsonPath("$.outputs[1].parameters").doesNotExist())
                .andReturn().getResponse().getContentAsString().transform(json::readTree);
        assertThat(doubles(response.at("/outputs/1/data"))).containsExactly(iris.network().predictBatch(IRIS, 3));
        assertThat(response.propertyNames()).containsExactlyInAnyOrder("model_name", "model_version", "id", "outputs");
    }

    @Test
    void inferWithFlatFp32DataGivesTheSameProbabilities() throws Exception {
        TrainedModel iris = iris();
        String body = """
                {"inputs": [{"name": "input", "shape": [3, 4], "datatype": "FP32",
                 "data": [5.1, 3.5, 1.4, 0.2, 5.9, 3.0, 4.2, 1.5, 6.7, 3.0, 5.2, 2.3]}]}""";
        JsonNode response = infer("/v2/models/iris/versions/" + iris.version() + "/infer", body)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").isString())
                .andExpect(jsonPath("$.id").value(not("")))
                .andExpect(jsonPath("$.outputs[0].data[2]").value("virginica"))
                .andReturn().getResponse().getContentAsString().transform(json::readTree);
        assertThat(doubles(response.at("/outputs/1/data"))).containsExactly(iris.network().predictBatch(IRIS, 3));
    }

    @Test
    void oneRowShapeAndIntegerDatatypes() throws Exception {
        infer("/v2/models/iris/infer", """
                {"inputs": [{"name": "input", "shape": [4], "datatype": "FP64", "data": [6.7, 3.0, 5.2, 2.3]}]}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outputs[0].shape[0]").value(1))
                .andExpect(jsonPath("$.outputs[0].data[0]").value("virginica"));
        infer("/v2/models/iris/infer", """
                {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "INT64", "data": [[5, 3, 1, 0]]}]}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outputs[0].data[0]").value("setosa"));
    }

    @Test
    void honoursRequestedOutputs() throws Exception {
        infer("/v2/models/iris/infer", """
                {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP64", "data": [5.1, 3.5, 1.4, 0.2]}],
                 "outputs": [{"name": "probabilities"}]}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outputs", hasSize(1)))
                .andExpect(jsonPath("$.outputs[0].name").value("probabilities"))
                .andExpect(jsonPath("$.outputs[0].data", hasSize(3)));
        infer("/v2/models/iris/infer", """
                {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP64", "data": [5.1, 3.5, 1.4, 0.2]}],
                 "outputs": [{"name": "label"}]}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outputs", hasSize(1)))
                .andExpect(jsonPath("$.outputs[0].data[0]").value("setosa"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wrong shape        | {"inputs": [{"name": "input", "shape": [2, 3], "datatype": "FP64", "data": [1, 2, 3, 4, 5, 6]}]}     | shape [2,3] does not fit the model
            rank 3 shape       | {"inputs": [{"name": "input", "shape": [1, 1, 4], "datatype": "FP64", "data": [1, 2, 3, 4]}]}      | inputs[0].shape [1,1,4] does not fit the model
            too few values     | {"inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP64", "data": [1, 2, 3, 4, 5, 6, 7]}]} | inputs[0].data has 7 values; shape [2,4] needs 8
            ragged rows        | {"inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP64", "data": [[1, 2, 3, 4], [5, 6]]}]} | inputs[0].data[1] must be an array of 4 numbers
            row count          | {"inputs": [{"name": "input", "shape": [3, 4], "datatype": "FP64", "data": [[1, 2, 3, 4], [5, 6, 7, 8]]}]} | inputs[0].data has 2 rows; shape [3,4] needs 3
            string value       | {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP64", "data": [1, 2, "x", 4]}]}       | inputs[0].data[2] must be a number
            non-finite value   | {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP64", "data": [1, 2, 1e999, 4]}]}     | inputs[0] row 0, column 'Petal.Length': must be a finite number
            BYTES datatype     | {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "BYTES", "data": ["a", "b", "c", "d"]}]} | datatype 'BYTES' is not supported
            fraction in INT32  | {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "INT32", "data": [1, 2.5, 3, 4]}]}      | is not an integer (datatype INT32)
            no inputs          | {"inputs": []}                                                                                   | inputs must be a non-empty array
            two inputs         | {"inputs": [{"name": "a", "shape": [4], "datatype": "FP64", "data": [1, 2, 3, 4]}, {"name": "b", "shape": [4], "datatype": "FP64", "data": [1, 2, 3, 4]}]} | takes one input tensor
            missing name       | {"inputs": [{"shape": [1, 4], "datatype": "FP64", "data": [1, 2, 3, 4]}]}                         | inputs[0].name is required
            shape bomb         | {"inputs": [{"name": "input", "shape": [1000000000000, 4], "datatype": "FP64", "data": [1, 2, 3, 4]}]} | has 1000000000000 rows, more than 100000
            columnar bomb      | {"inputs": [{"name": "Sepal.Length", "shape": [4611686018427387904], "datatype": "FP64", "data": [1]}]} | must be an array of 4611686018427387904 values
            negative dimension | {"inputs": [{"name": "input", "shape": [-1, 4], "datatype": "FP64", "data": [1, 2, 3, 4]}]}        | shape[0] must be a non-negative integer
            unknown output     | {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP64", "data": [1, 2, 3, 4]}], "outputs": [{"name": "logits"}]} | outputs[0].name must be one of
            numeric id         | {"id": 42, "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP64", "data": [1, 2, 3, 4]}]} | id must be a string
            not JSON           | {"inputs": [                                                                                     | not valid JSON
            """)
    void badTensorsAre400WithAnErrorObject(String name, String body, String error) throws Exception {
        infer("/v2/models/iris/infer", body)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error", containsString(error)))
                .andExpect(jsonPath("$.status").doesNotExist())
                .andExpect(jsonPath("$.detail").doesNotExist());
    }

    @Test
    void unknownModelOrVersionIs404WithAnErrorObject() throws Exception {
        String body = """
                {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP64", "data": [1, 2, 3, 4]}]}""";
        for (var request : List.of(post("/v2/models/no-such-model/infer").content(body),
                post("/v2/models/iris/versions/999/infer").content(body),
                post("/v2/models/iris/versions/latest/infer").content(body),
                get("/v2/models/no-such-model"), get("/v2/models/iris/versions/999"),
                get("/v2/models/no-such-model/ready"), get("/v2/models/iris/versions/999/ready"))) {
            mvc.perform(request.contentType(MediaType.APPLICATION_JSON))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                    .andExpect(jsonPath("$.error", containsString("model '")))
                    .andExpect(jsonPath("$.status").doesNotExist());
        }
        mvc.perform(post("/v2/models/no-such-model/infer").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(content().json("{\"error\": \"model 'no-such-model' not found\"}", true));
    }

    @Test
    void openApiGroupsTheProtocolWithIrisExamples() throws Exception {
        JsonNode doc = json.readTree(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        for (String path : List.of("/v2", "/v2/health/live", "/v2/health/ready", "/v2/models/{name}",
                "/v2/models/{name}/versions/{version}", "/v2/models/{name}/ready",
                "/v2/models/{name}/versions/{version}/ready")) {
            JsonNode get = doc.get("paths").get(path).get("get");
            assertThat(get.at("/tags/0").asString()).as(path).isEqualTo("Open Inference Protocol");
            assertThat(get.get("summary").asString()).as(path).isNotBlank();
        }
        for (String path : List.of("/v2/models/{name}/infer", "/v2/models/{name}/versions/{version}/infer")) {
            JsonNode infer = doc.get("paths").get(path).get("post");
            assertThat(infer.at("/tags/0").asString()).isEqualTo("Open Inference Protocol");
            assertThat(infer.get("summary").asString()).isNotBlank();
            assertThat(infer.get("security")).as("predictions stay open").isNull();
            JsonNode examples = infer.at("/requestBody/content/application~1json/examples");
            assertThat(examples.propertyNames()).contains("iris (nested)", "iris (flat, FP32, label only)");
            examples.forEach(example -> assertThat(example.get("value").toString()).contains("5.1"));
        }
    }

    private ResultActions infer(String path, String body) throws Exception {
        return mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private TrainedModel iris() {
        return models.latest("iris").orElseThrow();
    }

    private static double[] doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asDouble()));
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
