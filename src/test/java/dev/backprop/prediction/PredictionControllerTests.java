package dev.backprop.prediction;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import dev.backprop.model.ModelRegistry;

/** Predictions against the built-in iris model, which exists from start-up. */
@SpringBootTest
@AutoConfigureMockMvc
class PredictionControllerTests {

    private static final String SETOSA = "{\"Sepal.Length\": 5.1, \"Sepal.Width\": 3.5, \"Petal.Length\": 1.4, \"Petal.Width\": 0.2}";
    private static final String VIRGINICA = "{\"Sepal.Length\": 6.7, \"Sepal.Width\": 3.0, \"Petal.Length\": 5.8, \"Petal.Width\": 2.3}";

    @Autowired
    MockMvc mvc;

    @Autowired
    ModelRegistry models;

    private ResultActions json(String path, String body) throws Exception {
        return mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions badInstance(String path, String body, String... fragments) throws Exception {
        ResultActions result = json(path, body).andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        for (String fragment : fragments) {
            result.andExpect(jsonPath("$.detail", containsString(fragment)));
        }
        return result;
    }

    @Test
    void predictTakesASingleInstanceObject() throws Exception {
        json("/predict", VIRGINICA).andExpect(status().isOk())
                .andExpect(jsonPath("$.model.name").value("iris"))
                .andExpect(jsonPath("$.model.version").isNumber())
                .andExpect(jsonPath("$.predictions", hasSize(1)))
                .andExpect(jsonPath("$.predictions[0].label").value("virginica"))
                .andExpect(jsonPath("$.predictions[0].probabilities.virginica").isNumber())
                .andExpect(jsonPath("$.predictions[0].warnings").doesNotExist());
    }

    @Test
    void instancesAsObjectsAndArraysKeepTheirOrderAndProbabilitiesSumToOne() throws Exception {
        String body = json("/predict", "{\"instances\": [" + SETOSA + ", [6.7, 3.0, 5.8, 2.3]]}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.predictions[0].label").value("setosa"))
                .andExpect(jsonPath("$.predictions[1].label").value("virginica"))
                .andExpect(jsonPath("$.predictions[0].probabilities.length()").value(3))
                .andReturn().getResponse().getContentAsString();
        java.util.Map<String, Number> p = com.jayway.jsonpath.JsonPath.read(body, "$.predictions[1].probabilities");
        org.assertj.core.api.Assertions.assertThat(p.values().stream().mapToDouble(Number::doubleValue).sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void modelsAreAddressedByIdOrByName() throws Exception {
        String id = models.latest("iris").orElseThrow().id();
        json("/api/v1/models/" + id + "/predictions", "{\"instances\": [" + SETOSA + "]}").andExpect(status().isOk())
                .andExpect(jsonPath("$.model.id").value(id))
                .andExpect(jsonPath("$.predictions[0].label").value("setosa"));
        json("/api/v1/models/iris/predictions", "{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}").andExpect(status().isOk())
                .andExpect(jsonPath("$.predictions[0].label").value("setosa"));
        json("/api/v1/models/no-such-model/predictions", "{\"instances\": [[1, 2, 3, 4]]}")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail", containsString("no-such-model")));
    }

    @Test
    void csvRowsArePredictedAndTheTrainingFilesExtraColumnsIgnored() throws Exception {
        String csv = "\"\",\"Sepal.Length\",\"Sepal.Width\",\"Petal.Length\",\"Petal.Width\",\"Species\"\r\n"
                + "\"1\",5.1,3.5,1.4,0.2,\"setosa\"\r\n\"150\",5.9,3,5.1,1.8,\"virginica\"\r\n";
        mvc.perform(post("/predict").contentType("text/csv").content(csv)).andExpect(status().isOk())
                .andExpect(jsonPath("$.predictions", hasSize(2)))
                .andExpect(jsonPath("$.predictions[0].label").value("setosa"));
        mvc.perform(post("/api/v1/models/iris/predictions").contentType("text/csv")
                        .content("Petal.Width,Petal.Length,Sepal.Width,Sepal.Length\n0.2,1.4,3.5,5.1\n"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.predictions[0].label").value("setosa"));
        // a column the CSV lacks is missing in every row: imputed as in training, and said so
        mvc.perform(post("/predict").contentType("text/csv").content("Sepal.Length,Sepal.Width,Petal.Length\n1,2,3\n"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.predictions[0].warnings[0]", containsString("'Petal.Width' is missing")));
        mvc.perform(post("/predict").contentType("text/csv")
                        .content("Sepal.Length,Sepal.Width,Petal.Length,Petal.Width\n1,2,x,4\n"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("row 1, column 'Petal.Length'")));
    }

    @Test
    void badInstancesNameTheInstanceAndFeature() throws Exception {
        badInstance("/predict", "{\"instances\": [[1, 2, 3, 4], [1, 2, 3]]}", "instances[1]", "expected 4 values");
        badInstance("/predict", "{\"instances\": [" + SETOSA + ", {\"Sepal.Length\": 1, \"Sepal.Width\": \"wide\", "
                + "\"Petal.Length\": 3}]}", "instances[1]", "Sepal.Width", "must be a number, was \"wide\"")
                .andExpect(jsonPath("$.instanceIndex").value(1))
                .andExpect(jsonPath("$.feature").value("Sepal.Width"));
        badInstance("/predict", "{\"instances\": [{\"Sepal.Length\": 1, \"Sepal.Width\": 2, \"Petal.Length\": 3, "
                + "\"Petal.Width\": 4, \"Colour\": 1}]}", "instances[0]", "'Colour'", "unknown feature");
        badInstance("/predict", "{\"instances\": [[1, \"2\", 3, 4]]}", "instances[0]", "Sepal.Width", "must be a number");
        badInstance("/predict", "{\"instances\": [[1, [2], 3, 4]]}", "instances[0]", "Sepal.Width", "was an array");
        badInstance("/predict", "{\"instances\": [[1, 2, 1e999, 4]]}", "instances[0]", "Petal.Length", "finite");
        badInstance("/predict", "{\"instances\": []}", "empty");
        badInstance("/predict", "{\"instances\": 5}", "array");
        badInstance("/predict", "[1, 2, 3, 4]", "JSON object");
        badInstance("/api/v1/models/iris/predictions", SETOSA, "array");
        json("/predict", "{\"instances\": [").andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void valuesFarOutsideTheTrainingRangeArePredictedButFlagged() throws Exception {
        json("/predict", "{\"instances\": [[5.1, 3.5, 42.0, 0.2], [5.1, 3.5, 1.4, 0.2]]}").andExpect(status().isOk())
                .andExpect(jsonPath("$.predictions[0].label").isString())
                .andExpect(jsonPath("$.predictions[0].warnings[0]", containsString("Petal.Length")))
                .andExpect(jsonPath("$.predictions[0].warnings[0]", containsString("training range")))
                .andExpect(jsonPath("$.predictions[1].warnings").doesNotExist());
    }

    @Test
    void aLargeBatchIsAnsweredInOrder() throws Exception {
        StringBuilder body = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < 10_000; i++) {
            body.append(i > 0 ? "," : "").append(i % 2 == 0 ? "[5.1, 3.5, 1.4, 0.2]" : "[6.7, 3.0, 5.8, 2.3]");
        }
        json("/predict", body.append("]}").toString()).andExpect(status().isOk())
                .andExpect(jsonPath("$.predictions", hasSize(10_000)))
                .andExpect(jsonPath("$.predictions[9998].label").value("setosa"))
                .andExpect(jsonPath("$.predictions[9999].label").value("virginica"));
    }
}
