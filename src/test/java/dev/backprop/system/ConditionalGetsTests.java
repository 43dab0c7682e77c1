package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/** Reads of models and datasets carry an ETag and answer a matching If-None-Match with 304. */
@SpringBootTest
@AutoConfigureMockMvc
class ConditionalGetsTests {

    @Autowired
    MockMvc mvc;

    @Test
    void aModelAnswers304UntilItChanges() throws Exception {
        String etag = mvc.perform(get("/api/v1/models/iris@production")).andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "private, no-cache"))
                .andReturn().getResponse().getHeader("ETag");
        assertThat(etag).startsWith("W/\"");
        mvc.perform(get("/api/v1/models/iris@production").header("If-None-Match", etag))
                .andExpect(status().isNotModified());

        String id = com.jayway.jsonpath.JsonPath.read(mvc.perform(get("/api/v1/models/iris@production"))
                .andReturn().getResponse().getContentAsString(), "$.id");
        mvc.perform(patch("/api/v1/models/" + id).contentType("application/merge-patch+json")
                .content("{\"description\": \"etag test " + System.nanoTime() + "\"}")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/models/iris@production").header("If-None-Match", etag))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", org.hamcrest.Matchers.not(etag)));
    }

    @Test
    void aDatasetAnswers304AndProblemsAndOtherReadsKeepNoStore() throws Exception {
        String etag = mvc.perform(get("/api/v1/datasets/iris")).andExpect(status().isOk())
                .andReturn().getResponse().getHeader("ETag");
        mvc.perform(get("/api/v1/datasets/iris").header("If-None-Match", etag)).andExpect(status().isNotModified());
        mvc.perform(get("/api/v1/datasets/no-such-id")).andExpect(status().isNotFound())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(header().doesNotExist("ETag"));
        mvc.perform(get("/api/v1/training-jobs")).andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(header().doesNotExist("ETag"));
    }
}
