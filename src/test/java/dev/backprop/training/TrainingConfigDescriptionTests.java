package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

/**
 * {@code GET /api/v1/training-config} describes every setting; with {@code datasetId} its
 * defaults are exactly what a job on that dataset that sets nothing trains with (the dashboard
 * shows them as the values of empty fields): the task from the label, and the settings for the
 * dataset's size.
 */
@SpringBootTest
@AutoConfigureMockMvc
class TrainingConfigDescriptionTests {

    @Autowired
    MockMvc mvc;

    /** 25 000 rows whose label is a number with many values: a regression, at the size where defaults change. */
    private static String largeRegressionCsv() {
        SplittableRandom rng = new SplittableRandom(4);
        StringBuilder csv = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 25_000; i++) {
            double a = rng.nextDouble();
            double b = rng.nextDouble();
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%.3f%n", a, b, 3 * a - b + rng.nextGaussian() * 0.1));
        }
        return csv.toString();
    }

    private Map<String, Object> defaults(String query) throws Exception {
        String body = mvc.perform(get("/api/v1/training-config" + query)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return JsonPath.read(body, "$.defaults");
    }

    @Test
    void theDefaultsForADatasetAreWhatAJobOnItTrainsWith() throws Exception {
        String upload = mvc.perform(post("/api/v1/datasets?name=large-regression&labelColumn=y")
                        .contentType("text/csv").content(largeRegressionCsv()))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String dataset = JsonPath.read(upload, "$.id");

        Map<String, Object> general = defaults("");
        assertThat(general).containsEntry("task", "classification").containsEntry("learningRate", 0.01);

        Map<String, Object> forDataset = defaults("?datasetId=" + dataset);
        assertThat(forDataset).containsEntry("task", "regression").containsEntry("outputActivation", "linear")
                .containsEntry("loss", "mse").containsEntry("learningRate", 0.003);

        String job = mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"" + dataset + "\", \"epochs\": 1}"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        Map<String, Object> config = JsonPath.read(job, "$.config");
        for (Map.Entry<String, Object> setting : forDataset.entrySet()) {
            if (!List.of("seed", "epochs").contains(setting.getKey())) {
                assertThat(config).as(setting.getKey()).containsEntry(setting.getKey(), setting.getValue());
            }
        }

        assertThat(defaults("?datasetId=iris")).containsEntry("task", "classification").containsEntry("learningRate", 0.01);
        assertThat(defaults("?datasetId=iris&task=regression")).containsEntry("task", "regression")
                .containsEntry("loss", "mse");
    }

    @Test
    void aBadTaskOrAnUnknownDatasetIsAProblem() throws Exception {
        mvc.perform(get("/api/v1/training-config?task=clustering")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("task"));
        mvc.perform(get("/api/v1/training-config?datasetId=no-such-dataset")).andExpect(status().isNotFound());
    }
}
