package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.backprop.engine.TrainingConfig;
import dev.backprop.model.ModelRegistry;
import io.micrometer.core.instrument.MeterRegistry;

/** What a job and a model promise their clients: exact seeds, probabilities that sum to 1, honest counts. */
@SpringBootTest
@AutoConfigureMockMvc
class HonestResultsTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ModelRegistry models;

    @Autowired
    MeterRegistry meters;

    private String submit(String json) throws Exception {
        String body = mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        return JsonPath.read(body, "$.id");
    }

    private String job(String id) throws Exception {
        return mvc.perform(get("/api/v1/training-jobs/" + id)).andReturn().getResponse().getContentAsString();
    }

    private String finished(String id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !job(id).contains("\"QUEUED\"") && !job(id).contains("\"RUNNING\""));
        try {
            return job(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void probabilitiesOfASigmoidModelSumToOneAndTheRawOutputsAreScores() throws Exception {
        String done = finished(submit("{\"datasetId\": \"iris\", \"modelName\": \"honest-case-study\", "
                + "\"preset\": \"seed-case-study\", \"epochs\": 2000, \"seed\": 1}"));
        String modelId = JsonPath.read(done, "$.modelId");

        String body = mvc.perform(post("/api/v1/models/" + modelId + "/predictions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"instances\": [[5.1, 3.5, 1.4, 0.2], [6.0, 2.9, 4.5, 1.5], [6.7, 3.0, 5.8, 2.3], "
                                + "[50, 0, 0, 0]]}"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        List<Map<String, Number>> probabilities = JsonPath.read(body, "$.predictions[*].probabilities");
        List<Map<String, Number>> scores = JsonPath.read(body, "$.predictions[*].scores");
        assertThat(probabilities).hasSize(4);
        for (int i = 0; i < 4; i++) {
            double sum = probabilities.get(i).values().stream().mapToDouble(Number::doubleValue).sum();
            assertThat(sum).as("sum of probabilities of instance %d", i).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
            double scoreSum = scores.get(i).values().stream().mapToDouble(Number::doubleValue).sum();
            for (String c : probabilities.get(i).keySet()) {
                assertThat(probabilities.get(i).get(c).doubleValue()).isCloseTo(scores.get(i).get(c).doubleValue() / scoreSum,
                        org.assertj.core.data.Offset.offset(1e-15));
            }
        }
        assertThat(scores.get(0).values().stream().mapToDouble(Number::doubleValue).sum())
                .as("raw sigmoid outputs are not a distribution").isNotCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void softmaxModelsReportNoSeparateScores() throws Exception {
        mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON).content("{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.predictions[0].probabilities.setosa").isNumber())
                .andExpect(jsonPath("$.predictions[0].scores").doesNotExist());
    }

    @Test
    void aRandomSeedIsExactForJavaScriptAndReproducesTheModel() throws Exception {
        String config = "\"datasetId\": \"iris\", \"modelName\": \"seeded\", \"epochs\": 40, "
                + "\"earlyStopping\": {\"enabled\": false}";
        String first = finished(submit("{" + config + "}"));
        // read the seed as a browser would: as an IEEE double
        double asJavaScript = ((Number) JsonPath.read(first, "$.config.seed")).doubleValue();
        long seed = (long) asJavaScript;
        assertThat(seed).isBetween(0L, TrainingConfig.SEED_BOUND - 1);
        assertThat(first).contains("\"seed\":" + seed + ",");

        String again = finished(submit("{" + config + ", \"seed\": " + seed + "}"));

        String a = weights(JsonPath.read(first, "$.modelId"));
        String b = weights(JsonPath.read(again, "$.modelId"));
        assertThat(b).isEqualTo(a);
    }

    private String weights(String modelId) throws Exception {
        String export = mvc.perform(get("/api/v1/models/" + modelId + "/export")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return JsonPath.read(export, "$.weights").toString() + JsonPath.read(export, "$.biases").toString();
    }

    @Test
    void seedsOutsideTheExactRangeAreRefused() throws Exception {
        for (String seed : List.of("-1", "9007199254740992", "9223372036854775807", "1.5")) {
            mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"datasetId\": \"iris\", \"seed\": " + seed + "}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.detail", Matchers.containsString("seed")));
        }
    }

    @Test
    void cancellingAQueuedJobIsCounted() throws Exception {
        String blocker = submit("{\"datasetId\": \"iris\", \"modelName\": \"blocker\", \"preset\": \"seed-case-study\", "
                + "\"epochs\": 1000000, \"seed\": 2}");
        await().atMost(Duration.ofSeconds(30)).until(() -> job(blocker).contains("\"RUNNING\""));
        String queued = submit("{\"datasetId\": \"iris\", \"modelName\": \"never-runs\"}");
        double before = cancelled();

        mvc.perform(delete("/api/v1/training-jobs/" + queued)).andExpect(status().isAccepted());

        assertThat(job(queued)).contains("\"CANCELLED\"");
        assertThat(cancelled()).isEqualTo(before + 1);
        mvc.perform(delete("/api/v1/training-jobs/" + blocker)).andExpect(status().isAccepted());
        await().atMost(Duration.ofSeconds(10)).until(() -> cancelled() == before + 2);
    }

    private double cancelled() {
        var counter = meters.find("backprop.training.jobs").tag("outcome", "cancelled").counter();
        return counter == null ? 0 : counter.count();
    }
}
