package dev.backprop.system;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Every JSON endpoint reads exactly one document with each key once: before, {@code {…} xyz}
 * was answered 200 by the prediction endpoints and duplicate keys were last-wins everywhere.
 * And what Jackson says goes out in the API's words, never as Java types or Jackson features.
 */
@SpringBootTest
@AutoConfigureMockMvc
class StrictJsonTests {

    private static final String PREDICTION = "{\"instances\": [[5.1, 3.5, 1.4, 0.2]], \"parameters\": {}}";
    private static final String TRAINING = "{\"datasetId\": \"iris\", \"epochs\": 5}";
    private static final String IMPORT = "{\"format\": \"backprop-model\", \"formatVersion\": 1}";

    @Autowired
    MockMvc mvc;

    /** Each endpoint with a valid body, and the key of its first member. */
    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("/predict", PREDICTION, "instances"),
                Arguments.of("/api/v1/models/iris/predictions", PREDICTION, "instances"),
                Arguments.of("/api/v1/training-jobs", TRAINING, "datasetId"),
                Arguments.of("/api/v1/models/import", IMPORT, "format"));
    }

    /** {@code {"a": 1, "b": 2}} → {@code {"a": 1, "a": 1, "b": 2}}: the first member twice, valid each time. */
    private static String firstMemberTwice(String body) {
        int end = body.indexOf(", \"");
        return "{" + body.substring(1, end) + ", " + body.substring(1);
    }

    private ResultActions post(String path, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static void leaksNothing(ResultActions result) throws Exception {
        result.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type", containsString(ProblemType.BASE)))
                .andExpect(jsonPath("$.detail", not(containsString("`"))))
                .andExpect(jsonPath("$.detail", not(containsString("java."))))
                .andExpect(jsonPath("$.detail", not(containsString("Feature"))))
                .andExpect(jsonPath("$.detail", not(containsString("StreamReadConstraints"))))
                .andExpect(jsonPath("$.detail", not(containsString("Exception"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void trailingGarbageAfterTheDocumentIs400(String path, String body, String firstKey) throws Exception {
        ResultActions result = post(path, body + " xyz").andExpect(status().isBadRequest());
        leaksNothing(result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aSecondDocumentIs400(String path, String body, String firstKey) throws Exception {
        leaksNothing(post(path, body + " " + body).andExpect(status().isBadRequest()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aDuplicateKeyIs400NamingIt(String path, String body, String firstKey) throws Exception {
        ResultActions result = post(path, firstMemberTwice(body)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("Duplicate")))
                .andExpect(jsonPath("$.detail", containsString("\"" + firstKey + "\"")));
        leaksNothing(result);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/predict", "/api/v1/models/iris/predictions"})
    void aDuplicateFeatureInAnInstanceIs400(String path) throws Exception {
        post(path, "{\"instances\": [{\"Sepal.Length\": 5.1, \"Sepal.Length\": 9, \"Sepal.Width\": 3.5, "
                + "\"Petal.Length\": 1.4, \"Petal.Width\": 0.2}]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("Sepal.Length")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"datasetId\": \"iris\", \"learningRate\": NaN}",
            "{\"datasetId\": \"iris\", \"epochs\": 99999999999}",
            "{\"datasetId\": \"iris\", \"seed\": 1.5}",
            "{\"datasetId\": \"iris\", \"hiddenLayers\": [16, null]}",
            "{\"datasetId\": \"iris\", \"hiddenLayers\": \"abc\"}",
            "{\"datasetId\": \"iris\", \"bias\": \"yes\"}",
            "{\"datasetId\": \"iris\", \"earlyStopping\": {\"patience\": \"x\"}}",
            "{\"datasetId\": \"iris\", \"epochs\": ",
            "[1, 2]",
            ""})
    void badTrainingValuesAre400InTheApisWords(String body) throws Exception {
        leaksNothing(post("/api/v1/training-jobs", body).andExpect(status().isBadRequest()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/predict", "/api/v1/training-jobs", "/api/v1/models/import"})
    void deepNestingIs400InTheApisWords(String path) throws Exception {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        leaksNothing(post(path, deep).andExpect(status().isBadRequest()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/predict", "/api/v1/models/iris/predictions"})
    void nonFiniteNumbersInInstancesAre400InTheApisWords(String path) throws Exception {
        leaksNothing(post(path, "{\"instances\": [[NaN, 3.5, 1.4, 0.2]]}").andExpect(status().isBadRequest()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"datasetId\": \"iris\", \"batchSize\": 99999999999}"})
    void anIntegerOutOfRangeSaysTheRange(String body) throws Exception {
        post("/api/v1/training-jobs", body).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("batchSize must be a whole number from -2147483648 to "
                        + "2147483647, was 99999999999")))
                .andExpect(jsonPath("$.errors[0].pointer").value("/batchSize"));
    }
}
