package dev.backprop.training;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

/** One worker and a queue of one: the third job in a row is refused with 429 and Retry-After. */
@SpringBootTest(properties = {"backprop.limits.concurrent-jobs=1", "backprop.limits.queue-length=1",
        "backprop.bootstrap-model=false"})
@AutoConfigureMockMvc
class TrainingBackPressureTests {

    private static final String LONG_JOB = "{\"datasetId\": \"iris\", \"preset\": \"seed-case-study\", \"epochs\": 1000000}";

    @Autowired
    MockMvc mvc;

    @Test
    void aFullQueueAnswersTooManyRequestsAndCancellingAQueuedJobFreesItsPlace() throws Exception {
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            accepted.add(JsonPath.read(mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                    .content(LONG_JOB)).andExpect(status().isAccepted()).andReturn().getResponse()
                    .getContentAsString(), "$.id"));
            // the first takes the worker before the second comes, else the second finds the queue full
            await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(accepted.get(0)).equals("RUNNING"));
        }
        mvc.perform(get("/api/v1/training-jobs/" + accepted.get(1))).andExpect(jsonPath("$.status").value("QUEUED"));

        mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).content(LONG_JOB))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "10"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", containsString("backprop.limits.queue-length")));

        // details are for an authenticated caller (in production: whoever sends the API key)
        mvc.perform(get("/actuator/health").principal(() -> "api-key"))
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.trainingExecutor.status").value("UP"))
                .andExpect(jsonPath("$.components.trainingExecutor.details.saturated").value(true))
                .andExpect(jsonPath("$.components.trainingExecutor.details.queued").value(1));

        mvc.perform(delete("/api/v1/training-jobs/" + accepted.get(1))).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("CANCELLED"));
        String third = JsonPath.read(mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .content(LONG_JOB)).andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString(), "$.id");

        mvc.perform(post("/api/v1/training-jobs/" + third + "/cancel")).andExpect(status().isAccepted());
        mvc.perform(delete("/api/v1/training-jobs/" + accepted.get(0))).andExpect(status().isAccepted());
        await().atMost(Duration.ofSeconds(5)).until(() -> jobStatus(accepted.get(0)).equals("CANCELLED"));
        mvc.perform(get("/api/v1/training-jobs/" + third)).andExpect(jsonPath("$.status").value("CANCELLED"));
    }

    private String jobStatus(String id) throws Exception {
        return JsonPath.read(mvc.perform(get("/api/v1/training-jobs/" + id)).andReturn().getResponse()
                .getContentAsString(), "$.status");
    }
}
