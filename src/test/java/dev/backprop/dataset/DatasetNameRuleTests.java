package dev.backprop.dataset;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.backprop.system.HeapDatabase;
import dev.backprop.system.MemoryBudget;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import dev.backprop.system.LimitsProperties;

/** Dataset names follow {@code TextRules}: a control or bidi character is a 400 that names the field. */
@WebMvcTest(DatasetController.class)
@Import({DatasetCatalog.class, TestDatasetStore.class, MemoryBudget.class, HeapDatabase.class})
@EnableConfigurationProperties({LimitsProperties.class, dev.backprop.tabular.TabularProperties.class})
class DatasetNameRuleTests {

    @Autowired
    MockMvc mvc;

    @ParameterizedTest
    @ValueSource(strings = {"bad\u0000name", "two\r\nlines", "evil\u202Etxt.csv", "x\u2066y"})
    void aNameWithControlOrBidiCharactersIsRefusedNamingTheField(String name) throws Exception {
        mvc.perform(post("/api/v1/datasets").param("name", name).contentType("text/csv")
                        .content(DatasetControllerTests.SMALL.getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://backprop.dev/problems/invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value("name"))
                .andExpect(jsonPath("$.errors[0].detail", containsString("name must not contain")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil\u202Evsc.csv", "line\nbreak.csv"})
    void aFileNameThatWouldBecomeTheNameLosesWhatANameMayNotHold(String fileName) throws Exception {
        // the file name is the client's file system's business: the upload goes through, its name cleaned
        mvc.perform(multipart("/api/v1/datasets").file(new MockMultipartFile("file", fileName, "text/csv",
                        DatasetControllerTests.SMALL.getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.matchesPattern(
                        ".*[\\u0000-\\u001f\\u202a-\\u202e\\u2066-\\u2069].*"))));
    }
}
