package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.backprop.engine.Trainer;
import dev.backprop.engine.TrainingConfig;

/**
 * Issue 12: a legal job ({@code hiddenLayers [4096]}, full batch, 1 M rows) ran the JVM out of
 * memory. Its memory is estimated at submission and a job that cannot fit is refused with a 413
 * naming the limit and what to change; the defaults on the same data are accepted.
 */
@SpringBootTest(properties = {"backprop.limits.training-memory=64MB", "backprop.bootstrap-model=false"})
@AutoConfigureMockMvc
class TrainingMemoryTests {

    @Autowired
    MockMvc mvc;

    @Test
    void aJobThatCannotFitIsRefusedAtSubmissionAndTheDefaultsAreNot() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,c,kind\n");
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            csv.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%s%n", rng.nextDouble(), rng.nextDouble(),
                    rng.nextDouble(), rng.nextBoolean() ? "x" : "y"));
        }
        String dataset = JsonPath.read(mvc.perform(post("/api/v1/datasets?name=wide").contentType("text/csv")
                .content(csv.toString())).andExpect(status().isCreated()).andReturn().getResponse()
                .getContentAsString(), "$.id");

        // 20 000 rows × 4 098 units × 16 bytes ≈ 1.3 GB of activations and deltas for one full batch
        mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).content("{\"datasetId\": \""
                        + dataset + "\", \"hiddenLayers\": [4096], \"batchSize\": 0}"))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", containsString("backprop.limits.training-memory")))
                .andExpect(jsonPath("$.detail", containsString("batchSize")))
                .andExpect(jsonPath("$.estimatedBytes").isNumber());

        mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"" + dataset + "\", \"epochs\": 1}"))
                .andExpect(status().isAccepted());
    }

    @Test
    void theEstimateGrowsWithTheFullBatchNotWithMiniBatches() {
        TrainingConfig full = TrainingConfig.defaults(1).toBuilder().hiddenLayers(List.of(4096)).batchSize(0).build();
        TrainingConfig mini = full.toBuilder().batchSize(64).build();
        long fullSmall = Trainer.memoryBytes(full, 10_000, 3, 3, 2, 2);
        long fullLarge = Trainer.memoryBytes(full, 1_000_000, 3, 3, 2, 2);
        assertThat(fullLarge).isGreaterThan(65L * 1_000_000 * 1_000).isGreaterThan(50 * fullSmall);
        long miniLarge = Trainer.memoryBytes(mini, 1_000_000, 3, 3, 2, 2);
        // a million rows of mini-batches: the parameters, a few batches and the row order
        assertThat(miniLarge).isLessThan(200_000_000L);
        assertThat(Trainer.memoryBytes(TrainingConfig.defaults(1), 150, 4, 4, 3, 2)).isLessThan(10_000_000L);
    }
}
