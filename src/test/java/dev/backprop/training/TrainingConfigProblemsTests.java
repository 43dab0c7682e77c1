package dev.backprop.training;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
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

import dev.backprop.system.ProblemType;

/**
 * A bad training config is one 400 of type {@code invalid-config} that lists every bad field in
 * {@code errors} (with {@code field}, {@code pointer} and {@code detail}) and joins them in
 * {@code detail}: unknown fields, values of the wrong JSON type and values the engine refuses,
 * together. Before: the first unknown field alone, and a bad activation named twice with
 * {@code softmax} among its allowed values.
 */
@SpringBootTest
@AutoConfigureMockMvc
class TrainingConfigProblemsTests {

    private static final String INVALID_CONFIG = ProblemType.INVALID_CONFIG.uri().toString();

    @Autowired
    MockMvc mvc;

    private ResultActions submit(String json) throws Exception {
        return mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(INVALID_CONFIG))
                .andExpect(jsonPath("$.title").value("Invalid training config"));
    }

    @Test
    void everyBadFieldIsReportedOnceEvenWithAnUnknownField() throws Exception {
        submit("{\"datasetId\": \"iris\", \"activation\": \"bogus\", \"learningRat\": 0.1, \"epochs\": 0, "
                + "\"earlyStopping\": {\"patience\": 0, \"minDelt\": 1}}")
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("learningRat",
                        "earlyStopping.minDelt", "activation", "epochs", "earlyStopping.patience")))
                .andExpect(jsonPath("$.errors[?(@.field == 'learningRat')].pointer").value(contains("/learningRat")))
                .andExpect(jsonPath("$.errors[?(@.field == 'learningRat')].detail").value(contains(allOf(
                        containsString("not a known field"), containsString("learningRate")))))
                .andExpect(jsonPath("$.errors[?(@.field == 'earlyStopping.minDelt')].pointer")
                        .value(contains("/earlyStopping/minDelt")))
                .andExpect(jsonPath("$.errors[?(@.field == 'earlyStopping.patience')].pointer")
                        .value(contains("/earlyStopping/patience")))
                .andExpect(jsonPath("$.detail", allOf(containsString("learningRat is not a known field"),
                        containsString("activation must be one of"), containsString("epochs must be >= 1"),
                        containsString("earlyStopping.patience must be in"))));
    }

    /** The list of fields an unknown one gets names the job's own members too, and suggests them. */
    @Test
    void anUnknownFieldListsEveryFieldOfTheRequest() throws Exception {
        submit("{\"datasetId\": \"iris\", \"modelNme\": \"x\"}")
                .andExpect(jsonPath("$.errors[0].field").value("modelNme"))
                .andExpect(jsonPath("$.errors[0].detail", allOf(containsString("(did you mean modelName?)"),
                        containsString("the fields are datasetId, modelName, preset, task, hiddenLayers"))));
    }

    @Test
    void aBadActivationIsNamedOnceWithTheValuesAllowedForHiddenLayers() throws Exception {
        submit("{\"datasetId\": \"iris\", \"activation\": \"softmax\"}")
                .andExpect(jsonPath("$.errors", hasSize(1)))
                .andExpect(jsonPath("$.errors[0].detail")
                        .value("activation must be one of sigmoid, tanh, relu, was 'softmax'"));
        submit("{\"datasetId\": \"iris\", \"activation\": \"bogus\"}")
                .andExpect(jsonPath("$.errors", hasSize(1)))
                .andExpect(jsonPath("$.detail").value("activation must be one of sigmoid, tanh, relu, was 'bogus'"));
        submit("{\"datasetId\": \"iris\", \"outputActivation\": \"relu\"}")
                .andExpect(jsonPath("$.detail").value("outputActivation must be one of sigmoid, softmax, linear, was 'relu'"));
    }

    @Test
    void valuesOfTheWrongTypeAreReportedWithTheOtherProblems() throws Exception {
        submit("{\"datasetId\": \"iris\", \"epochs\": \"many\", \"bias\": \"yes\", \"hiddenLayers\": {}, "
                + "\"l2\": -1, \"unknown\": true}")
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder(
                        "epochs", "bias", "hiddenLayers", "l2", "unknown")))
                .andExpect(jsonPath("$.detail", allOf(containsString("epochs must be a whole number"),
                        containsString("was \"many\""), containsString("hiddenLayers must be an array"), containsString("was an object"),
                        containsString("l2 must be in [0, 10]"), not(containsString("`")))));
    }

    @Test
    void aNullLayerSizeIsNamedNotA500() throws Exception {
        submit("{\"datasetId\": \"iris\", \"hiddenLayers\": [16, null]}")
                .andExpect(jsonPath("$.errors[0].field").value("hiddenLayers[1]"))
                .andExpect(jsonPath("$.errors[0].pointer").value("/hiddenLayers/1"));
    }

    @Test
    void aMissingDatasetIdIsReportedWithTheUnknownFields() throws Exception {
        submit("{\"datasetID\": \"iris\"}")
                .andExpect(jsonPath("$.errors[*].field").value(contains("datasetID", "datasetId")));
    }

    @Test
    void otherProblemKindsHaveTheirOwnTypes() throws Exception {
        mvc.perform(get("/api/v1/training-jobs/no-such-job")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(ProblemType.NOT_FOUND.uri().toString()));
        mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"no-such-dataset\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(ProblemType.NOT_FOUND.uri().toString()));
        mvc.perform(get("/api/v1/training-jobs").param("status", "bogus")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(ProblemType.INVALID_REQUEST.uri().toString()))
                .andExpect(jsonPath("$.errors[0].field").value("status"))
                .andExpect(jsonPath("$.detail").value("status must be one of queued, running, succeeded, failed, "
                        + "cancelled (any case), was 'bogus'"));
        mvc.perform(get("/api/v1/nothing-here")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(ProblemType.NOT_FOUND.uri().toString()));
        mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value(ProblemType.UNSUPPORTED_MEDIA_TYPE.uri().toString()));
        mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON).content("{\"instances\": [[1]]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(ProblemType.INVALID_INSTANCE.uri().toString()));
    }
}
