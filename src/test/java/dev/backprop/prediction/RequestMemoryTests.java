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

import dev.backprop.system.MemoryBudget;

/**
 * Prediction requests within the row limit but beyond the request-memory budget are refused
 * before their data is allocated, with a problem naming the setting; what fits still answers,
 * and every refused request gives its share back.
 */
@SpringBootTest(properties = "backprop.limits.request-memory=200KB")
@AutoConfigureMockMvc
class RequestMemoryTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    MemoryBudget budget;

    private static String instances(int n) {
        StringBuilder body = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("[5.1, 3.5, 1.4, 0.2]");
        }
        return body.append("]}").toString();
    }

    @Test
    void instancesBeyondTheBudgetAreA413AndWhatFitsIsAnswered() throws Exception {
        // 10 000 × 4 doubles = 320 kB of instances
        mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON).content(instances(10_000)))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", containsString("backprop.limits.request-memory")));
        mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON).content(instances(2_000)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.predictions", hasSize(2_000)));
        org.assertj.core.api.Assertions.assertThat(budget.used()).isZero();
    }

    @Test
    void anInferenceTreeBeyondTheBudgetIsA413ErrorObject() throws Exception {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 4_000; i++) {
            data.append(i == 0 ? "" : ",").append("5.1, 3.5, 1.4, 0.2");
        }
        String body = "{\"inputs\": [{\"name\": \"input\", \"shape\": [4000, 4], \"datatype\": \"FP64\", \"data\": ["
                + data + "]}]}";
        mvc.perform(post("/v2/models/iris/infer").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.error", containsString("backprop.limits.request-memory")));
        org.assertj.core.api.Assertions.assertThat(budget.used()).isZero();
    }
}
