package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Export → import through HTTP gives a new model whose predictions are bit-identical. */
@SpringBootTest
@AutoConfigureMockMvc
class ModelTransferTests {

    /** Every Iris row kind plus values far outside the training range. */
    private static final double[] ROWS = {5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3, 5.9, 3.0, 4.2, 1.5, 4.9, 2.5, 4.5, 1.7,
            0, 0, 0, 0, 100, -3, 42, 7};

    @Autowired
    MockMvc mvc;

    @Autowired
    ModelRegistry models;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void exportIsASelfContainedVersionedDocument() throws Exception {
        TrainedModel iris = models.latest("iris").orElseThrow();
        mvc.perform(get("/api/v1/models/{id}/export", iris.id()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition",
                        "attachment; filename=\"iris-v" + iris.version() + ".json\""))
                .andExpect(jsonPath("$.format").value("backprop-model"))
                .andExpect(jsonPath("$.formatVersion").value(2))
                .andExpect(jsonPath("$.task").value("classification"))
                .andExpect(jsonPath("$.inputs.normalization").isString())
                .andExpect(jsonPath("$.inputs.columns[0].type").value("numeric"))
                .andExpect(jsonPath("$.id").value(iris.id()))
                .andExpect(jsonPath("$.name").value("iris"))
                .andExpect(jsonPath("$.version").value(iris.version()))
                .andExpect(jsonPath("$.createdAt").isString())
                .andExpect(jsonPath("$.datasetId").value("iris"))
                .andExpect(jsonPath("$.labelColumn").value("Species"))
                .andExpect(jsonPath("$.featureNames[3]").value("Petal.Width"))
                .andExpect(jsonPath("$.classNames[2]").value("virginica"))
                .andExpect(jsonPath("$.layers[0]").value(4))
                .andExpect(jsonPath("$.activations.hidden").isString())
                .andExpect(jsonPath("$.activations.output").isString())
                .andExpect(jsonPath("$.weights[0].length()").value(4))
                .andExpect(jsonPath("$.weights[0][0].length()").value(iris.layers().get(1)))
                .andExpect(jsonPath("$.inputs.columns.length()").value(4))
                .andExpect(jsonPath("$.inputs.columns[0].min").isNumber())
                .andExpect(jsonPath("$.inputs.columns[0].max").isNumber())
                .andExpect(jsonPath("$.config.seed").value(iris.seed()))
                .andExpect(jsonPath("$.metrics.train.accuracy").isNumber())
                .andExpect(jsonPath("$.metrics.train.confusionMatrix").isArray())
                .andExpect(jsonPath("$.history.loss").isArray())
                .andExpect(jsonPath("$.provenance.source").value("built-in"));
        mvc.perform(get("/api/v1/models/iris/export")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/models/no-such-model/export"))
                .andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", containsString("problem+json")));
    }

    @Test
    void importGivesANewModelWithIdenticalPredictions() throws Exception {
        TrainedModel original = models.latest("iris").orElseThrow();
        String document = export(original.id());

        MvcResult created = mvc.perform(post("/api/v1/models/import").param("name", "iris-copy")
                        .contentType(MediaType.APPLICATION_JSON).content(document))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("iris-copy"))
                .andExpect(jsonPath("$.provenance.source").value("import"))
                .andExpect(jsonPath("$.provenance.importedFrom").value(original.id()))
                .andExpect(jsonPath("$.featureNames[0]").value("Sepal.Length"))
                .andReturn();
        String id = json.readTree(created.getResponse().getContentAsString()).get("id").asString();
        assertThat(id).isNotEqualTo(original.id());
        assertThat(created.getResponse().getHeader("Location")).endsWith("/api/v1/models/" + id);

        TrainedModel copy = models.find(id).orElseThrow();
        assertThat(copy.network().predictBatch(ROWS, ROWS.length / 4))
                .containsExactly(original.network().predictBatch(ROWS, ROWS.length / 4));
        assertThat(copy.network().parameters().weights().get(0))
                .isDeepEqualTo(original.network().parameters().weights().get(0));
        // the re-exported document carries the same network, bit for bit
        JsonNode again = json.readTree(export(id));
        JsonNode first = json.readTree(document);
        for (String field : new String[] {"weights", "biases", "task", "inputs", "layers",
                "activations", "featureNames", "classNames", "config", "metrics", "history"}) {
            assertThat(again.get(field)).as(field).isEqualTo(first.get(field));
        }
    }

    @Test
    void importWithoutRenameIsTheNextVersionOfItsName() throws Exception {
        TrainedModel original = models.latest("iris").orElseThrow();
        String document = export(original.id());
        int next = models.latest("iris").orElseThrow().version() + 1;
        mvc.perform(post("/api/v1/models/import").contentType(MediaType.APPLICATION_JSON).content(document))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("iris"))
                .andExpect(jsonPath("$.version").value(next));
        models.delete(models.latest("iris").orElseThrow().id());
    }

    @Test
    void theOpenApiExampleImportsAndClassifiesIris() throws Exception {
        MvcResult created = mvc.perform(post("/api/v1/models/import").contentType(MediaType.APPLICATION_JSON)
                        .content(ModelTransferController.IRIS_DOCUMENT))
                .andExpect(status().isCreated())
                .andReturn();
        String id = json.readTree(created.getResponse().getContentAsString()).get("id").asString();
        double[] p = models.find(id).orElseThrow().network().predictBatch(new double[] {5.1, 3.5, 1.4, 0.2,
                5.9, 3.0, 4.2, 1.5, 6.7, 3.0, 5.2, 2.3}, 3);
        for (int row = 0; row < 3; row++) {
            int best = 0;
            for (int c = 1; c < 3; c++) {
                best = p[row * 3 + c] > p[row * 3 + best] ? c : best;
            }
            assertThat(best).as("row %d", row).isEqualTo(row);
        }
    }

    @Test
    void rejectsAnUnknownFormatVersion() throws Exception {
        ObjectNode document = document();
        document.put("formatVersion", 3);
        rejected(document, "formatVersion 3 is not supported");
        document.remove("formatVersion");
        rejected(document, "formatVersion is missing");
    }

    @Test
    void rejectsAForeignDocument() throws Exception {
        ObjectNode document = document();
        document.put("format", "onnx");
        rejected(document, "format must be 'backprop-model'");
        rejected(json.createObjectNode().put("hello", "world"), "format must be 'backprop-model'");
        rejected(json.createArrayNode(), "must be a JSON object");
    }

    @Test
    void rejectsAWrongShape() throws Exception {
        ObjectNode document = document();
        ((ArrayNode) document.get("weights").get(0)).remove(0);
        rejected(document, "weights[0] must have 4 rows");

        ObjectNode narrow = document();
        ((ArrayNode) narrow.get("weights").get(0).get(1)).remove(0);
        rejected(narrow, "weights[0] must hold");

        ObjectNode classes = document();
        ((ArrayNode) classes.get("classNames")).add("daisy");
        rejected(classes, "classNames must name the 3 outputs");
    }

    @Test
    void rejectsNonFiniteWeights() throws Exception {
        ObjectNode document = document();
        ((ArrayNode) document.get("weights").get(0).get(2)).set(1, json.getNodeFactory().stringNode("NaN"));
        rejected(document, "weights[0] holds a value that is not finite");

        ObjectNode infinite = document();
        ((ArrayNode) infinite.get("featureMax")).set(0, json.getNodeFactory().numberNode(Double.POSITIVE_INFINITY));
        rejected(infinite, "has a value that is not finite");

        // a bare NaN token is not JSON at all
        String text = json.writeValueAsString(document()).replaceFirst("\"featureMin\":\\[[^,]*", "\"featureMin\":[NaN");
        mvc.perform(post("/api/v1/models/import").contentType(MediaType.APPLICATION_JSON).content(text))
                .andExpect(status().isBadRequest());
    }

    @Test
    void rejectsWrongTypesAndMissingFieldsNamingTheField() throws Exception {
        ObjectNode document = document();
        document.put("layers", "four");
        rejected(document, "layers must be an array, was a string");

        ObjectNode activation = document();
        ((ObjectNode) activation.get("activations")).put("output", "softplus");
        rejected(activation, "activations.output must be one of");

        ObjectNode missing = document();
        missing.remove("normalizer");
        rejected(missing, "normalizer is required");

        ObjectNode scale = document();
        ((ObjectNode) scale.get("normalizer")).put("kind", "z-score").set("scale", json.createArrayNode().add(1));
        rejected(scale, "normalizer, featureMin and featureMax must hold 4 values each");
    }

    /** Before: "… `java.time.Instant` … (java.time.format.DateTimeParseException) Text 'yesterday' could not be parsed". */
    @Test
    void aBadTimestampSaysTheFormatNotTheParser() throws Exception {
        ObjectNode document = document();
        document.put("createdAt", "yesterday");
        rejected(document, "createdAt must be an ISO-8601 date-time such as \"2026-01-31T12:00:00Z\", was \"yesterday\"");
    }

    @Test
    void openApiDocumentsExportAndImportUnderModels() throws Exception {
        JsonNode paths = json.readTree(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).get("paths");
        JsonNode export = paths.get("/api/v1/models/{id}/export").get("get");
        assertThat(export.at("/tags/0").asString()).isEqualTo("Models");
        assertThat(export.get("summary").asString()).isNotBlank();
        JsonNode importModel = paths.get("/api/v1/models/import").get("post");
        assertThat(importModel.at("/tags/0").asString()).isEqualTo("Models");
        assertThat(importModel.get("summary").asString()).isNotBlank();
        assertThat(importModel.at("/requestBody/content/application~1json/examples/iris/value").toString())
                .contains("backprop-model");
    }

    private ObjectNode document() throws Exception {
        return (ObjectNode) json.readTree(ModelTransferController.IRIS_DOCUMENT);
    }

    private void rejected(JsonNode document, String detail) throws Exception {
        mvc.perform(post("/api/v1/models/import").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(document)))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                .andExpect(jsonPath("$.detail", containsString(detail)));
    }

    private String export(String id) throws Exception {
        return mvc.perform(get("/api/v1/models/{id}/export", id)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }
}
