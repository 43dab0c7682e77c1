package dev.backprop.prediction.oip;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/** Without the default model the server is live but not ready. */
@SpringBootTest(properties = "backprop.bootstrap-model=false")
@AutoConfigureMockMvc
class OipReadinessTests {

    @Autowired
    MockMvc mvc;

    @Test
    void notReadyWithoutTheDefaultModel() throws Exception {
        mvc.perform(get("/v2/health/live")).andExpect(status().isOk()).andExpect(jsonPath("$.live").value(true));
        mvc.perform(get("/v2/health/ready")).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.ready").value(false));
        mvc.perform(get("/v2/models/iris")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("model 'iris' not found"));
    }
}
