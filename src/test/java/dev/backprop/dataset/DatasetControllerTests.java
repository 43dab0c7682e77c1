package dev.backprop.dataset;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import dev.backprop.system.HeapDatabase;
import dev.backprop.system.MemoryBudget;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import dev.backprop.system.LimitsProperties;
import dev.backprop.tabular.TabularProperties;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

@WebMvcTest(DatasetController.class)
@Import({DatasetCatalog.class, TestDatasetStore.class, MemoryBudget.class, HeapDatabase.class})
@EnableConfigurationProperties({LimitsProperties.class, TabularProperties.class})
class DatasetControllerTests {

    static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");
    static final String SMALL = "a,b,label\n1,2,x\n3,4,y\n";

    @Autowired
    MockMvc mvc;

    static byte[] iris() throws IOException {
        try (InputStream in = DatasetControllerTests.class.getResourceAsStream("/datasets/iris.csv")) {
            return in.readAllBytes();
        }
    }

    private ResultActions postCsv(String csv, String query) throws Exception {
        return mvc.perform(post("/api/v1/datasets" + query).contentType(TEXT_CSV)
                .content(csv.getBytes(StandardCharsets.UTF_8)));
    }

    private static void expectProblem(ResultActions result, int status, String... detailParts) throws Exception {
        result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        for (String part : detailParts) {
            result.andExpect(jsonPath("$.detail", containsString(part)));
        }
    }

    // --- upload ----------------------------------------------------------------------------

    @Test
    void multipartUploadOfIrisAnswers201WithLocationAndSummary() throws Exception {
        mvc.perform(multipart("/api/v1/datasets").file(new MockMultipartFile("file", "iris.csv", "text/csv", iris())))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", matchesPattern("http://localhost/api/v1/datasets/iris-[a-z0-9]{6}")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.id", matchesPattern("iris-[a-z0-9]{6}")))
                .andExpect(jsonPath("$.name").value("iris"))
                .andExpect(jsonPath("$.rows").value(150))
                .andExpect(jsonPath("$.labelColumn").value("Species"))
                .andExpect(jsonPath("$.features.length()").value(4))
                .andExpect(jsonPath("$.features[0].name").value("Sepal.Length"))
                .andExpect(jsonPath("$.features[0].min").value(4.3))
                .andExpect(jsonPath("$.features[0].max").value(7.9))
                .andExpect(jsonPath("$.features[0].mean", closeTo(5.8433, 1e-4), Double.class))
                .andExpect(jsonPath("$.features[0].std", closeTo(0.8281, 1e-4), Double.class))
                .andExpect(jsonPath("$.classes[0].name").value("setosa"))
                .andExpect(jsonPath("$.classes[0].count").value(50))
                .andExpect(jsonPath("$.classes[2].name").value("virginica"))
                .andExpect(jsonPath("$.sha256").value("396c921bc9cf625a4ab755540084aa3d0d941c4ffed8681299689b1f502c3ac2"))
                .andExpect(jsonPath("$.createdAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z")))
                .andExpect(jsonPath("$.builtIn").value(false));
    }

    @Test
    void multipartTakesNameAndLabelColumnFields() throws Exception {
        mvc.perform(multipart("/api/v1/datasets").file(new MockMultipartFile("file", "x.csv", "text/csv",
                        "a,cls,b\n1,0,2\n3,1,4\n".getBytes(StandardCharsets.UTF_8)))
                        .param("name", "My Data").param("labelColumn", "cls"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id", startsWith("my-data-")))
                .andExpect(jsonPath("$.name").value("My Data"))
                .andExpect(jsonPath("$.labelColumn").value("cls"))
                .andExpect(jsonPath("$.features[1].name").value("b"))
                .andExpect(jsonPath("$.classes[1].name").value("1"));
    }

    @Test
    void rawTextCsvBodyWithQueryParameters() throws Exception {
        postCsv("a,cls,b\n1,0,2\n3,1,4\n", "?name=raw&labelColumn=cls")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", matchesPattern("http://localhost/api/v1/datasets/raw-[a-z0-9]{6}")))
                .andExpect(jsonPath("$.name").value("raw"))
                .andExpect(jsonPath("$.labelColumn").value("cls"))
                .andExpect(jsonPath("$.rows").value(2));
    }

    @Test
    void rawBodyWithoutNameIsNamedDataset() throws Exception {
        mvc.perform(post("/api/v1/datasets").contentType(MediaType.TEXT_PLAIN).content(SMALL))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("dataset"))
                .andExpect(jsonPath("$.id", startsWith("dataset-")));
    }

    // --- upload errors ---------------------------------------------------------------------

    /** Swagger UI sends a multipart field in the query and in the form: the same value twice is that value. */
    @Test
    void aParameterGivenTwiceIsNeverJoined() throws Exception {
        mvc.perform(multipart("/api/v1/datasets?name=flowers&labelColumn=Species")
                        .file(new MockMultipartFile("file", "iris.csv", "text/csv", iris()))
                        .param("name", "flowers").param("labelColumn", "Species"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("flowers"))
                .andExpect(jsonPath("$.labelColumn").value("Species"));
        expectProblem(mvc.perform(multipart("/api/v1/datasets?labelColumn=Species")
                .file(new MockMultipartFile("file", "iris.csv", "text/csv", iris())).param("labelColumn", "Petal.Width")),
                400, "labelColumn was given 2 times with different values ('Species', 'Petal.Width'); give it once");
    }

    @Test
    void missingFilePartIs400NamingThePart() throws Exception {
        expectProblem(mvc.perform(multipart("/api/v1/datasets").param("name", "x")), 400, "part 'file' is missing");
    }

    @Test
    void textInAColumnForcedNumericIs400NamingRowAndColumn() throws Exception {
        ResultActions result = mvc.perform(multipart("/api/v1/datasets").file(new MockMultipartFile("file", "bad.csv",
                "text/csv", "a,b,label\n1,2,x\n3,four,y\n".getBytes(StandardCharsets.UTF_8)))
                .param("columnTypes", "b:numeric"));
        expectProblem(result, 400, "Row 2 (line 3), column 'b' (column 2): 'four' is not a number");
        result.andExpect(jsonPath("$.title").value("Invalid dataset"))
                .andExpect(jsonPath("$.row").value(2))
                .andExpect(jsonPath("$.line").value(3))
                .andExpect(jsonPath("$.column").value("b"))
                .andExpect(jsonPath("$.columnPosition").value(2));
    }

    @Test
    void aMixedTypeUploadWithEmptyCellsAnswersTypesMissingCountsAndLevels() throws Exception {
        String passengers = """
                sex,age,class,survived
                "female",29,"1st","yes"
                "male",,"3rd","no"
                "female",2,"3rd","no"
                "male",NA,"1st",
                "male",35,"2nd","yes"
                """;
        postCsv(passengers, "?name=passengers")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.rows").value(4))
                .andExpect(jsonPath("$.skippedRows").value(1))
                .andExpect(jsonPath("$.labelColumn").value("survived"))
                .andExpect(jsonPath("$.features.length()").value(3))
                .andExpect(jsonPath("$.features[0].name").value("sex"))
                .andExpect(jsonPath("$.features[0].type").value("categorical"))
                .andExpect(jsonPath("$.features[0].missing").value(0))
                // a tie: in order of first appearance
                .andExpect(jsonPath("$.features[0].levels[0].name").value("female"))
                .andExpect(jsonPath("$.features[0].levels[0].count").value(2))
                .andExpect(jsonPath("$.features[0].levels[1].name").value("male"))
                .andExpect(jsonPath("$.features[0].moreLevels").value(0))
                .andExpect(jsonPath("$.features[0].min").doesNotExist())
                .andExpect(jsonPath("$.features[1].name").value("age"))
                .andExpect(jsonPath("$.features[1].type").value("numeric"))
                .andExpect(jsonPath("$.features[1].missing").value(1))
                .andExpect(jsonPath("$.features[1].min").value(2.0))
                .andExpect(jsonPath("$.features[1].max").value(35.0))
                .andExpect(jsonPath("$.features[1].mean", closeTo(22.0, 1e-9), Double.class))
                .andExpect(jsonPath("$.features[1].levels").doesNotExist())
                .andExpect(jsonPath("$.features[2].levels[0].name").value("3rd"))
                .andExpect(jsonPath("$.features[2].levels[0].count").value(2))
                .andExpect(jsonPath("$.features[2].levels.length()").value(3))
                .andExpect(jsonPath("$.classes[0].name").value("yes"))
                .andExpect(jsonPath("$.classes[0].count").value(2))
                .andExpect(jsonPath("$.classes[1].name").value("no"))
                .andExpect(jsonPath("$.label.name").value("survived"))
                .andExpect(jsonPath("$.label.type").value("categorical"))
                .andExpect(jsonPath("$.label.task").value("classification"))
                .andExpect(jsonPath("$.label.distinctValues").value(2));
    }

    @Test
    void columnTypesWorkAsAQueryParameterForARawBody() throws Exception {
        postCsv("zip,a,label\n02134,1,x\n10001,2,y\n", "?columnTypes=zip:categorical")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.features[0].type").value("categorical"))
                .andExpect(jsonPath("$.features[0].levels[0].name").value("02134"));
        expectProblem(postCsv("zip,a,label\n02134,1,x\n", "?columnTypes=pin:categorical"), 400,
                "columnTypes names 'pin', which is not a column of this file");
        expectProblem(postCsv("zip,a,label\n02134,1,x\n", "?columnTypes=zip:text"), 400,
                "the type must be numeric or categorical");
    }

    @Test
    void aNumericLabelWithManyValuesReportsItsStatisticsAndRegression() throws Exception {
        StringBuilder csv = new StringBuilder("a,price\n");
        for (int i = 0; i < 30; i++) {
            csv.append(i).append(',').append(100 + i).append('\n');
        }
        postCsv(csv.toString(), "")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.label.type").value("numeric"))
                .andExpect(jsonPath("$.label.task").value("regression"))
                .andExpect(jsonPath("$.label.distinctValues").value(30))
                .andExpect(jsonPath("$.label.min").value(100.0))
                .andExpect(jsonPath("$.label.max").value(129.0))
                .andExpect(jsonPath("$.classes.length()").value(30));
    }

    @Test
    void nonFiniteValueIs400() throws Exception {
        expectProblem(postCsv("a,b,label\n1,2,x\nInfinity,4,y\n", ""), 400, "Row 2", "column 'a'", "not a finite number");
        expectProblem(postCsv("a,b,label\n1,2,x\n3,4,y\n", "?columnTypes=a:numeric,a:categorical"), 400, "twice");
    }

    @Test
    void raggedRowIs400() throws Exception {
        expectProblem(postCsv("a,b,label\n1,2,x\n3,4\n", ""), 400, "Row 2 (line 3) has 2 values but the header has 3 columns");
    }

    @Test
    void emptyBodyIs400() throws Exception {
        expectProblem(postCsv("", ""), 400, "The file is empty");
    }

    @Test
    void headerOnlyIs400() throws Exception {
        expectProblem(postCsv("a,b,label\n", ""), 400, "no data rows");
    }

    @Test
    void duplicateColumnIs400() throws Exception {
        expectProblem(postCsv("a,a,label\n1,2,x\n", ""), 400, "Columns 1 and 2", "'a'");
    }

    @Test
    void blankColumnNameIs400() throws Exception {
        expectProblem(postCsv("a,,label\n1,2,x\n", ""), 400, "Column 2 of the header has no name");
    }

    @Test
    void unknownLabelColumnIs400() throws Exception {
        expectProblem(postCsv(SMALL, "?labelColumn=Species"), 400, "labelColumn 'Species' is not a column", "a, b, label");
    }

    @Test
    void singleClassIs400() throws Exception {
        expectProblem(postCsv("a,b,label\n1,2,x\n3,4,x\n", ""), 400, "column 'label'", "only one class");
    }

    @Test
    void binaryGarbageIs400() throws Exception {
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, (byte) 0xb7, (byte) 0xac};
        expectProblem(mvc.perform(multipart("/api/v1/datasets")
                .file(new MockMultipartFile("file", "data.xlsx", "application/octet-stream", zip))), 400,
                "Line 1", "binary file");
    }

    @Test
    void malformedQuotingIs400() throws Exception {
        expectProblem(postCsv("a,b,label\n1,2,\"x\n", ""), 400, "Malformed CSV at line 2", "never closed");
    }

    @Test
    void unsupportedContentTypeIs415() throws Exception {
        expectProblem(mvc.perform(post("/api/v1/datasets").contentType(MediaType.APPLICATION_JSON).content("{}")), 415,
                "application/json");
    }

    // --- read and delete -------------------------------------------------------------------

    @Test
    void listStartsWithTheBuiltInIris() throws Exception {
        postCsv(SMALL, "?name=listed").andExpect(status().isCreated());
        mvc.perform(get("/api/v1/datasets"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value("iris"))
                .andExpect(jsonPath("$.items[0].builtIn").value(true))
                .andExpect(jsonPath("$.items[0].rows").value(150))
                .andExpect(jsonPath("$.items[?(@.name == 'listed')].labelColumn").value("label"));
    }

    @Test
    void getOneAnswersTheSummary() throws Exception {
        mvc.perform(get("/api/v1/datasets/iris"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("iris"))
                .andExpect(jsonPath("$.labelColumn").value("Species"))
                .andExpect(jsonPath("$.features[3].name").value("Petal.Width"))
                .andExpect(jsonPath("$.classes[1].name").value("versicolor"));
    }

    @Test
    void getUnknownIs404NamingTheId() throws Exception {
        expectProblem(mvc.perform(get("/api/v1/datasets/nope-123456")), 404, "Dataset 'nope-123456' does not exist");
    }

    @Test
    void deleteAnswers204ThenTheDatasetIsGone() throws Exception {
        String body = postCsv(SMALL, "?name=doomed").andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        String id = JsonPath.read(body, "$.id");
        mvc.perform(delete("/api/v1/datasets/" + id)).andExpect(status().isNoContent());
        expectProblem(mvc.perform(get("/api/v1/datasets/" + id)), 404, id);
        expectProblem(mvc.perform(delete("/api/v1/datasets/" + id)), 404, id);
    }

    @Test
    void deletingTheBuiltInIrisIs409() throws Exception {
        expectProblem(mvc.perform(delete("/api/v1/datasets/iris")), 409, "'iris' is built in");
        mvc.perform(get("/api/v1/datasets/iris")).andExpect(status().isOk());
    }

    @Test
    void locationPointsAtTheStoredSummary() throws Exception {
        String location = postCsv(SMALL, "?name=loc").andExpect(status().isCreated())
                .andReturn().getResponse().getHeader("Location");
        mvc.perform(get(location)).andExpect(status().isOk()).andExpect(jsonPath("$.name").value("loc"))
                .andExpect(jsonPath("$.id").value(location.substring(location.lastIndexOf('/') + 1)));
    }
}
