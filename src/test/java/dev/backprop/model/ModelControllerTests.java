package dev.backprop.model;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
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

@SpringBootTest
@AutoConfigureMockMvc
class ModelControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ModelRegistry models;

    private String train(String name) throws Exception {
        String job = JsonPath.read(mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"iris\", \"epochs\": 20, \"modelName\": \"" + name + "\"}"))
                .andReturn().getResponse().getContentAsString(), "$.id");
        await().atMost(Duration.ofSeconds(60)).until(() -> mvc.perform(get("/api/v1/training-jobs/" + job))
                .andReturn().getResponse().getContentAsString().contains("\"modelId\""));
        return JsonPath.read(mvc.perform(get("/api/v1/training-jobs/" + job)).andReturn().getResponse()
                .getContentAsString(), "$.modelId");
    }

    @Test
    void builtInIrisModelExistsFromStartUp() throws Exception {
        mvc.perform(get("/api/v1/models"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].name", hasItem("iris")))
                .andExpect(jsonPath("$.items[?(@.name == 'iris')].metrics.test.accuracy").isNotEmpty())
                .andExpect(jsonPath("$.items[0].history").doesNotExist());
        mvc.perform(get("/api/v1/models/iris"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.datasetId").value("iris"))
                .andExpect(jsonPath("$.provenance.source").value("built-in"))
                .andExpect(jsonPath("$.network").doesNotExist());
    }

    @Test
    void versionsCountUpPerNameAndTheNameFindsTheNewest() throws Exception {
        String first = train("versioned");
        String second = train("versioned");

        mvc.perform(get("/api/v1/models/" + first)).andExpect(jsonPath("$.version").value(1));
        mvc.perform(get("/api/v1/models/" + second)).andExpect(jsonPath("$.version").value(2));
        mvc.perform(get("/api/v1/models/versioned")).andExpect(jsonPath("$.id").value(second));
        mvc.perform(get("/api/v1/models").param("name", "versioned")).andExpect(jsonPath("$.items.length()").value(2));

        mvc.perform(delete("/api/v1/models/" + second)).andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/models/" + second)).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/v1/models/versioned")).andExpect(jsonPath("$.id").value(first));
        mvc.perform(delete("/api/v1/models/" + second)).andExpect(status().isNotFound());

        // a deleted version's number is not handed out again
        String third = train("versioned");
        mvc.perform(get("/api/v1/models/" + third)).andExpect(jsonPath("$.version").value(3));
    }

    @Test
    void trainingAnotherModelNeverChangesWhatPredictServes() throws Exception {
        String before = models.latest("iris").orElseThrow().id();
        train("not-the-default");
        mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON).content("{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}"))
                .andExpect(jsonPath("$.model.id").value(before));
    }
}
