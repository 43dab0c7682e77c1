package dev.backprop.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

/**
 * Results take room in the database, so finished scorings are forgotten oldest first: beyond
 * {@code backprop.scoring.stored-bytes} (here less than two iris results; beyond {@code kept-results}
 * they go as finished training jobs do); the newest is kept whatever its size. With the in-memory database (as
 * here) a result estimated larger than the budget on its own is refused at submit.
 */
@SpringBootTest(properties = {"backprop.scoring.stored-bytes=8KB", "backprop.scoring.kept-results=2"})
@AutoConfigureMockMvc
class ScoringRetentionTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    private String scoreIris() throws Exception {
        String id = JsonPath.read(mvc.perform(post("/api/v1/models/iris/scorings").contentType(MediaType.APPLICATION_JSON)
                .content("{\"datasetId\": \"iris\"}")).andExpect(status().isAccepted()).andReturn().getResponse()
                .getContentAsString(), "$.id");
        await().atMost(Duration.ofSeconds(60)).until(() -> JsonPath.read(mvc.perform(get("/api/v1/models/iris/scorings/"
                + id)).andReturn().getResponse().getContentAsString(), "$.status").equals("SUCCEEDED"));
        return id;
    }

    private int answer(String id) throws Exception {
        return mvc.perform(get("/api/v1/models/iris/scorings/" + id)).andReturn().getResponse().getStatus();
    }

    @Test
    void aResultThatCouldNotFitTheInMemoryStoreIsRefusedAtSubmit() throws Exception {
        StringBuilder csv = new StringBuilder("Sepal.Length,Sepal.Width,Petal.Length,Petal.Width,Species\n");
        for (int i = 0; i < 300; i++) {
            csv.append("5.1,3.5,1.4,0.2,").append(i % 2 == 0 ? "setosa" : "virginica").append('\n');
        }
        String dataset = JsonPath.read(mvc.perform(post("/api/v1/datasets?name=wide&labelColumn=Species")
                .contentType("text/csv").content(csv.toString())).andExpect(status().isCreated()).andReturn()
                .getResponse().getContentAsString(), "$.id");

        mvc.perform(post("/api/v1/models/iris/scorings").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"" + dataset + "\"}"))
                .andExpect(status().isInsufficientStorage())
                .andExpect(jsonPath("$.type").value("https://backprop.dev/problems/storage-full"))
                .andExpect(jsonPath("$.detail").value(containsString("(300 rows × 10 columns)")))
                .andExpect(jsonPath("$.detail").value(containsString("backprop.scoring.stored-bytes")));
    }

    @Test
    void theOldestResultsGoFirstBeyondTheByteBudget() throws Exception {
        String first = scoreIris();
        long stored = jdbc.sql("select stored_bytes from scoring_results where job_id = ?").param(first)
                .query(Long.class).single();
        assertThat(stored).as("an iris result fits the budget once, not twice").isBetween(4_097L, 8_192L);
        scoreIris();
        String third = scoreIris();

        // when the third was submitted the first and second had finished, and together exceed the budget;
        // whether the second goes too depends on whether the third finished before the check ran
        assertThat(answer(first)).as("the oldest beyond the budget").isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from scoring_results where job_id = ?").param(first).query(Long.class)
                .single()).as("its result went with it").isZero();
        assertThat(answer(third)).as("the newest stays").isEqualTo(200);
    }
}
