package dev.backprop.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import com.jayway.jsonpath.JsonPath;

import dev.backprop.model.ModelRegistry;

@SpringBootTest
@AutoConfigureMockMvc
class ScoringControllerTests {

    private static final String PROBLEM = "application/problem+json";

    @Autowired
    MockMvc mvc;

    @Autowired
    ModelRegistry models;

    @Autowired
    JdbcClient jdbc;

    private MvcResult submit(String ref, String body) throws Exception {
        return mvc.perform(post("/api/v1/models/" + ref + "/scorings").contentType(MediaType.APPLICATION_JSON)
                .content(body)).andReturn();
    }

    private String scoring(String ref, String datasetId) throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/models/" + ref + "/scorings").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"" + datasetId + "\"}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", startsWith("http://localhost/api/v1/models/" + ref + "/scorings/")))
                .andReturn();
        String id = JsonPath.read(result.getResponse().getContentAsString(), "$.id");
        assertThat(result.getResponse().getHeader("Location")).endsWith("/scorings/" + id);
        return id;
    }

    private String statusOf(String ref, String id) throws Exception {
        return JsonPath.read(mvc.perform(get("/api/v1/models/" + ref + "/scorings/" + id)).andReturn().getResponse()
                .getContentAsString(), "$.status");
    }

    private void awaitTraining(String id, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> JsonPath.read(mvc.perform(get("/api/v1/training-jobs/" + id))
                .andReturn().getResponse().getContentAsString(), "$.status").equals(status));
    }

    private void awaitStatus(String ref, String id, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> statusOf(ref, id).equals(status));
    }

    @Test
    void irisIsScoredByTheBuiltInModelWithMetricsAndAStreamedCsv() throws Exception {
        String modelId = models.require("iris@production").id();
        MvcResult accepted = submit("iris@production", "{\"datasetId\": \"iris\"}");
        assertThat(accepted.getResponse().getStatus()).isEqualTo(202);
        String id = JsonPath.read(accepted.getResponse().getContentAsString(), "$.id");
        assertThat((String) JsonPath.read(accepted.getResponse().getContentAsString(), "$.status")).isEqualTo("QUEUED");
        assertThat((String) JsonPath.read(accepted.getResponse().getContentAsString(), "$.model.id")).isEqualTo(modelId);
        assertThat((Integer) JsonPath.read(accepted.getResponse().getContentAsString(), "$.progress.rows")).isEqualTo(150);

        awaitStatus("iris", id, "SUCCEEDED");

        MvcResult done = mvc.perform(get("/api/v1/models/iris/scorings/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.model.name").value("iris"))
                .andExpect(jsonPath("$.datasetId").value("iris"))
                .andExpect(jsonPath("$.attempt").value(1))
                .andExpect(jsonPath("$.progress.rowsScored").value(150))
                .andExpect(jsonPath("$.progress.fraction").value(1.0))
                .andExpect(jsonPath("$.counts.rows").value(150))
                .andExpect(jsonPath("$.counts.rowsWithWarnings").value(0))
                .andExpect(jsonPath("$.metrics.labelColumn").value("Species"))
                .andExpect(jsonPath("$.metrics.rows").value(150))
                .andExpect(jsonPath("$.metrics.accuracy").value(greaterThan(0.9), Double.class))
                .andExpect(jsonPath("$.metrics.classNames[0]").value("setosa"))
                .andExpect(jsonPath("$.metrics.confusionMatrix.length()").value(3))
                .andExpect(jsonPath("$.result.columns[5]").value("label"))
                .andExpect(jsonPath("$.durationMillis").isNumber())
                .andExpect(jsonPath("$.worker").doesNotExist())
                .andReturn();
        String json = done.getResponse().getContentAsString();
        List<Integer> predicted = JsonPath.read(json, "$.counts.predicted.*");
        assertThat(predicted.stream().mapToInt(Integer::intValue).sum()).isEqualTo(150);

        MvcResult csv = mvc.perform(get("/api/v1/models/iris/scorings/" + id + "/result"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andExpect(header().string("Content-Disposition", containsString("scoring-" + id + ".csv")))
                .andReturn();
        byte[] bytes = csv.getResponse().getContentAsByteArray();
        assertThat(csv.getResponse().getHeader("Content-Length")).isEqualTo(Long.toString(bytes.length));
        assertThat(((Number) JsonPath.read(json, "$.result.bytes")).longValue()).isEqualTo(bytes.length);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                .isEqualTo(JsonPath.read(json, "$.result.sha256"));
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(151);
        assertThat(lines[0]).isEqualTo("Sepal.Length,Sepal.Width,Petal.Length,Petal.Width,Species,label,"
                + "probability_setosa,probability_versicolor,probability_virginica,warnings");
        assertThat(lines[1]).startsWith("5.1,3.5,1.4,0.2,setosa,setosa,");

        // the scoring answers under the model's id, name and alias, not under another model
        mvc.perform(get("/api/v1/models/" + modelId + "/scorings/" + id)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/models/iris@production/scorings/" + id)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/models/other/scorings/" + id)).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM));
        mvc.perform(get("/api/v1/models/iris/scorings")).andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].id").value(hasItem(id)));
        // a scoring is not a training job
        mvc.perform(get("/api/v1/training-jobs/" + id)).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/training-jobs?size=500")).andExpect(jsonPath("$.items[*].id").value(not(hasItem(id))));
        mvc.perform(delete("/api/v1/models/iris/scorings/" + id)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("already finished (SUCCEEDED)")));
    }

    @Test
    void aQueuedScoringHasNoResultAndCanBeCancelled() throws Exception {
        // the one worker trains for a long while, so the scoring waits in the queue
        MvcResult training = mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"datasetId\": \"iris\", \"modelName\": \"busy\", \"preset\": \"seed-case-study\", "
                        + "\"epochs\": 1000000, \"seed\": 1}")).andExpect(status().isAccepted()).andReturn();
        String trainingId = JsonPath.read(training.getResponse().getContentAsString(), "$.id");
        awaitTraining(trainingId, "RUNNING");
        try {
            String id = scoring("iris", "iris");
            mvc.perform(get("/api/v1/models/iris/scorings/" + id + "/result"))
                    .andExpect(status().isConflict())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                    .andExpect(jsonPath("$.status").value(409))
                    .andExpect(jsonPath("$.detail").value(containsString("is QUEUED; its result is ready once it has "
                            + "SUCCEEDED")));

            mvc.perform(delete("/api/v1/models/iris/scorings/" + id)).andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.status").value("CANCELLED"));
            mvc.perform(get("/api/v1/models/iris/scorings/" + id + "/result")).andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail").value(containsString("has CANCELLED; it has no result")));
            mvc.perform(get("/api/v1/models/iris/scorings?status=cancelled"))
                    .andExpect(jsonPath("$.items[*].id").value(hasItem(id)));
        } finally {
            mvc.perform(delete("/api/v1/training-jobs/" + trainingId)).andExpect(status().isAccepted());
        }
    }

    @Test
    void aRunningScoringStopsAtItsNextChunkAndLeavesNothingBehind() throws Exception {
        StringBuilder csv = new StringBuilder("Sepal.Length,Sepal.Width,Petal.Length,Petal.Width,Species\n");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(8);
        for (int i = 0; i < 500_000; i++) {
            csv.append(4 + rng.nextInt(40) / 10.0).append(',').append(2 + rng.nextInt(25) / 10.0).append(',')
                    .append(1 + rng.nextInt(60) / 10.0).append(',').append(rng.nextInt(25) / 10.0).append(',')
                    .append(i % 2 == 0 ? "setosa" : "virginica").append('\n');
        }
        MvcResult upload = mvc.perform(post("/api/v1/datasets?name=many&labelColumn=Species").contentType("text/csv")
                .content(csv.toString())).andExpect(status().isCreated()).andReturn();
        String dataset = JsonPath.read(upload.getResponse().getContentAsString(), "$.id");
        String id = scoring("iris", dataset);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> statusOf("iris", id).equals("RUNNING"));

        mvc.perform(delete("/api/v1/models/iris/scorings/" + id)).andExpect(status().isAccepted());

        awaitStatus("iris", id, "CANCELLED");
        String cancelled = mvc.perform(get("/api/v1/models/iris/scorings/" + id)).andReturn().getResponse()
                .getContentAsString();
        assertThat(((Number) JsonPath.read(cancelled, "$.progress.rowsScored")).longValue()).isLessThan(500_000);
        assertThat(jdbc.sql("select count(*) from scoring_results where job_id = ?").param(id).query(Long.class).single())
                .as("the cancelled attempt's chunks are removed").isZero();
        mvc.perform(get("/api/v1/models/iris/scorings/" + id + "/result")).andExpect(status().isConflict());
    }

    @Test
    void aModelOrDatasetDeletedBeforeTheScoringRunsFailsItWithAReason() throws Exception {
        MvcResult training = mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"datasetId\": \"iris\", \"modelName\": \"short-lived\", \"epochs\": 5}"))
                .andExpect(status().isAccepted()).andReturn();
        String trainingId = JsonPath.read(training.getResponse().getContentAsString(), "$.id");
        awaitTraining(trainingId, "SUCCEEDED");
        MvcResult upload = mvc.perform(post("/api/v1/datasets?name=doomed&labelColumn=Species").contentType("text/csv")
                .content("Sepal.Length,Sepal.Width,Petal.Length,Petal.Width,Species\n5.1,3.5,1.4,0.2,setosa\n"
                        + "6.7,3.0,5.2,2.3,virginica\n")).andExpect(status().isCreated()).andReturn();
        String dataset = JsonPath.read(upload.getResponse().getContentAsString(), "$.id");

        MvcResult busy = mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"datasetId\": \"iris\", \"modelName\": \"busy\", \"preset\": \"seed-case-study\", "
                        + "\"epochs\": 1000000, \"seed\": 1}")).andExpect(status().isAccepted()).andReturn();
        String busyId = JsonPath.read(busy.getResponse().getContentAsString(), "$.id");
        awaitTraining(busyId, "RUNNING");
        String modelGone;
        String datasetGone;
        try {
            modelGone = scoring("short-lived", "iris");
            datasetGone = scoring("iris", dataset);
            mvc.perform(delete("/api/v1/models/" + models.require("short-lived").id())).andExpect(status().isNoContent());
            mvc.perform(delete("/api/v1/datasets/" + dataset)).andExpect(status().isNoContent());
        } finally {
            mvc.perform(delete("/api/v1/training-jobs/" + busyId)).andExpect(status().isAccepted());
        }
        // a deleted dataset ends its queued scoring at once; a deleted model is found missing when the scoring runs
        mvc.perform(get("/api/v1/models/iris/scorings/" + datasetGone)).andExpect(jsonPath("$.status").value("FAILED"))
                .andExpect(jsonPath("$.error").value(containsString("was deleted while the job was queued")));
        awaitStatus("short-lived", modelGone, "FAILED");
        mvc.perform(get("/api/v1/models/short-lived/scorings/" + modelGone))
                .andExpect(jsonPath("$.error").value(containsString("Model 'short-lived' v1 (")))
                .andExpect(jsonPath("$.error").value(containsString("was deleted before the scoring ran")));
    }

    @Test
    void badRequestsAreProblems() throws Exception {
        mvc.perform(post("/api/v1/models/nope/scorings").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"iris\"}"))
                .andExpect(status().isNotFound()).andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.detail").value("Model 'nope' does not exist"));
        mvc.perform(post("/api/v1/models/iris/scorings").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"nope\"}"))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.detail").value("Dataset 'nope' does not exist"));
        mvc.perform(post("/api/v1/models/iris/scorings").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest()).andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.errors[0].field").value("datasetId"))
                .andExpect(jsonPath("$.errors[0].pointer").value("/datasetId"));
        mvc.perform(post("/api/v1/models/iris/scorings").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"iris\", \"dataset\": \"iris\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].detail").value(containsString("dataset is not a field")));
        mvc.perform(post("/api/v1/models/iris/scorings").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": 7}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("must be a string")));
        mvc.perform(post("/api/v1/models/iris/scorings").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"iris\"} x"))
                .andExpect(status().isBadRequest()).andExpect(content().contentTypeCompatibleWith(PROBLEM));
        mvc.perform(get("/api/v1/models/iris/scorings/nope")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Scoring 'nope' of model 'iris' does not exist"));
        mvc.perform(get("/api/v1/models/iris/scorings?status=bogus")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("status"));
        mvc.perform(get("/api/v1/models/never-there/scorings")).andExpect(status().isNotFound());
    }

    @Test
    void aDatasetThatLacksAColumnTheModelReadsIsRefusedAtSubmit() throws Exception {
        MvcResult upload = mvc.perform(post("/api/v1/datasets?name=petals&labelColumn=Species")
                        .contentType("text/csv").content("Petal.Length,Petal.Width,Extra,Species\n1.4,0.2,x,setosa\n"
                                + "4.7,1.4,y,versicolor\n"))
                .andExpect(status().isCreated()).andReturn();
        String dataset = JsonPath.read(upload.getResponse().getContentAsString(), "$.id");

        mvc.perform(post("/api/v1/models/iris/scorings").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"" + dataset + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.missingColumns[0]").value("Sepal.Length"))
                .andExpect(jsonPath("$.missingColumns[1]").value("Sepal.Width"))
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.detail").value(containsString("has no column 'Sepal.Length', which model 'iris' v")));
    }
}
