package dev.backprop.training;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

/** Finished jobs are remembered up to a bound, and a full model store refuses new jobs before they train. */
@SpringBootTest(properties = {"backprop.limits.finished-jobs=2", "backprop.limits.stored-models=3"})
@AutoConfigureMockMvc
class StoreLimitsTests {

    @Autowired
    MockMvc mvc;

    private String train(String name) throws Exception {
        String id = JsonPath.read(mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"iris\", \"epochs\": 2, \"modelName\": \"" + name + "\"}"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString(), "$.id");
        await().atMost(Duration.ofSeconds(30)).until(() -> JsonPath.read(mvc.perform(get("/api/v1/training-jobs/" + id))
                .andReturn().getResponse().getContentAsString(), "$.status").equals("SUCCEEDED"));
        return id;
    }

    @Test
    void oldFinishedJobsAreForgottenAndAFullModelStoreSaysSo() throws Exception {
        // the built-in iris model is the first of three
        train("first");
        String second = train("second");
        mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"iris\", \"epochs\": 2, \"modelName\": \"third\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", containsString("backprop.limits.stored-models")));

        // the bootstrap job and "first" were forgotten when "second" was submitted: two finished jobs are kept
        mvc.perform(get("/api/v1/training-jobs"))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].id").value(second));
    }
}
