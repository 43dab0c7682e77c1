package dev.backprop.dataset;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import dev.backprop.system.HeapDatabase;
import dev.backprop.system.MemoryBudget;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;

import dev.backprop.system.LimitsProperties;
import dev.backprop.tabular.TabularProperties;

@WebMvcTest(controllers = DatasetController.class, properties = {
        "backprop.limits.rows=3", "backprop.limits.columns=3", "backprop.limits.upload-bytes=200B",
        "backprop.limits.stored-datasets=1"})
@Import({DatasetCatalog.class, TestDatasetStore.class, MemoryBudget.class, HeapDatabase.class})
@EnableConfigurationProperties({LimitsProperties.class, TabularProperties.class})
@DirtiesContext
class DatasetControllerLimitsTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DatasetCatalog catalog;

    @AfterEach
    void emptyTheStore() {
        catalog.list(dev.backprop.system.Page.request(0, dev.backprop.system.Page.MAX_SIZE)).items().stream()
                .filter(d -> !d.builtIn()).forEach(d -> catalog.delete(d.id()));
    }

    private org.springframework.test.web.servlet.ResultActions postCsv(String csv) throws Exception {
        return mvc.perform(post("/api/v1/datasets").contentType(DatasetControllerTests.TEXT_CSV).content(csv));
    }

    @Test
    void tooManyRowsIs413NamingTheLimit() throws Exception {
        postCsv("a,label\n1,x\n2,y\n3,x\n4,y\n")
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", containsString("more than 3 data rows (backprop.limits.rows)")))
                .andExpect(jsonPath("$.row").value(4));
    }

    @Test
    void tooManyColumnsIs413NamingTheLimit() throws Exception {
        postCsv("a,b,c,label\n1,2,3,x\n")
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", containsString("4 columns; at most 3")));
    }

    @Test
    void oversizeRawBodyIs413NamingTheLimit() throws Exception {
        postCsv("a,label\n" + "1,x\n".repeat(60))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", containsString("200 bytes (backprop.limits.upload-bytes)")));
    }

    @Test
    void aFullStoreIs409() throws Exception {
        postCsv("a,label\n1,x\n2,y\n").andExpect(status().isCreated());
        postCsv("a,label\n1,x\n2,y\n")
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", containsString("store is full: 1 datasets")))
                .andExpect(jsonPath("$.detail", containsString("backprop.limits.stored-datasets")));
    }
}
