package dev.backprop.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.jayway.jsonpath.JsonPath;

/**
 * A CSV as it comes — a text column, missing cells, a numeric target — uploaded, trained on the
 * default configuration and predicted over a real port by every reader: JSON objects and arrays,
 * CSV, the Open Inference Protocol's per-column tensors and KServe V1; then exported and imported
 * with its encoding intact.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedDataEndToEndTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String classifier;
    private String regression;

    /**
     * Penguin-like rows: island (text, some empty), bill (number, some NA), flipper (number);
     * the species follows island and bill, the mass (a number) follows all three.
     */
    static String rows(int n, long seed, boolean withMass) {
        SplittableRandom rng = new SplittableRandom(seed);
        String[] islands = {"Biscoe", "Dream", "Torgersen"};
        StringBuilder csv = new StringBuilder(withMass ? "island,bill,flipper,species,mass\n" : "island,bill,flipper,species\n");
        for (int i = 0; i < n; i++) {
            int island = rng.nextInt(3);
            double bill = 35 + rng.nextDouble() * 20;
            double flipper = 180 + rng.nextDouble() * 40;
            boolean big = (island == 0 ? 5 : island == 1 ? -3 : 0) + (bill - 45) > 0;
            double mass = 3000 + 400 * island + 40 * (bill - 45) + 20 * (flipper - 200) + rng.nextGaussian() * 50;
            csv.append(rng.nextInt(12) == 0 ? "" : islands[island]).append(',')
                    .append(rng.nextInt(12) == 0 ? "NA" : String.format(Locale.ROOT, "%.1f", bill)).append(',')
                    .append(String.format(Locale.ROOT, "%.0f", flipper)).append(',')
                    .append(big ? "large" : "small");
            csv.append(withMass ? String.format(Locale.ROOT, ",%.0f\n", mass) : "\n");
        }
        return csv.toString();
    }

    @BeforeAll
    void trainBothOnTheDefaults() throws Exception {
        // the label is inferred: the last text column (species) here, the one given (mass) there
        String species = upload("/api/v1/datasets?name=penguins", rows(600, 17, false));
        String mass = upload("/api/v1/datasets?name=penguin-mass&labelColumn=mass", rows(600, 17, true));
        String forSpecies = submit("{\"datasetId\": \"" + species + "\", \"modelName\": \"species\"}");
        String forMass = submit("{\"datasetId\": \"" + mass + "\", \"modelName\": \"mass\"}");
        classifier = finished(forSpecies);
        regression = finished(forMass);
    }

    private String upload(String path, String csv) throws Exception {
        HttpResponse<String> upload = send("POST", path, "text/csv", csv);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        return JsonPath.read(upload.body(), "$.id");
    }

    private String submit(String body) throws Exception {
        HttpResponse<String> job = send("POST", "/api/v1/training-jobs", "application/json", body);
        assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
        return JsonPath.read(job.body(), "$.id");
    }

    private String finished(String job) {
        await().atMost(Duration.ofMinutes(2)).until(() -> !List.of("QUEUED", "RUNNING").contains(
                JsonPath.read(send("GET", "/api/v1/training-jobs/" + job, null, null).body(), "$.status")));
        String body = get("/api/v1/training-jobs/" + job);
        assertThat((String) JsonPath.read(body, "$.status")).as(body).isEqualTo("SUCCEEDED");
        return JsonPath.read(body, "$.modelId");
    }

    @Test
    void theModelKnowsItsColumnsAndTask() {
        String species = get("/api/v1/models/" + classifier);
        assertThat((List<String>) JsonPath.read(species, "$.featureNames")).containsExactly("island", "bill", "flipper");
        assertThat((List<String>) JsonPath.read(species, "$.classNames")).containsExactlyInAnyOrder("large", "small");
        String mass = get("/api/v1/models/" + regression);
        assertThat((List<String>) JsonPath.read(mass, "$.featureNames")).containsExactly("island", "bill", "flipper", "species");
        assertThat((List<String>) JsonPath.read(mass, "$.classNames")).isEmpty();
        assertThat((Double) JsonPath.read(mass, "$.metrics.test.rmse")).isPositive();
    }

    @Test
    void objectsArraysAndCsvGiveTheSameAnswer() throws Exception {
        String objects = predict(classifier, "application/json", "{\"instances\": ["
                + "{\"island\": \"Biscoe\", \"bill\": 50.0, \"flipper\": 200},"
                + "{\"island\": \"Dream\", \"bill\": 38.0, \"flipper\": 190}]}");
        String arrays = predict(classifier, "application/json",
                "{\"instances\": [[\"Biscoe\", 50.0, 200], [\"Dream\", 38.0, 190]]}");
        String csv = predict(classifier, "text/csv", "flipper,island,bill\n200,Biscoe,50.0\n190,Dream,38.0\n");
        List<Object> expected = JsonPath.read(objects, "$.predictions");
        assertThat((List<Object>) JsonPath.read(arrays, "$.predictions")).isEqualTo(expected);
        assertThat((List<Object>) JsonPath.read(csv, "$.predictions")).isEqualTo(expected);
        assertThat((String) JsonPath.read(objects, "$.predictions[0].label")).isEqualTo("large");
        assertThat((String) JsonPath.read(objects, "$.predictions[1].label")).isEqualTo("small");
        assertThat((Map<String, Object>) JsonPath.read(objects, "$.predictions[0]")).doesNotContainKey("warnings");
    }

    @Test
    void missingValuesAndUnseenLevelsArePredictedWithAWarning() throws Exception {
        String body = predict(classifier, "application/json", "{\"instances\": ["
                + "{\"island\": null, \"bill\": 50.0, \"flipper\": 200},"
                + "{\"island\": \"Biscoe\", \"flipper\": 200},"
                + "{\"island\": \"Atlantis\", \"bill\": 50.0, \"flipper\": 200}]}");
        assertThat((List<String>) JsonPath.read(body, "$.predictions[0].warnings"))
                .singleElement().asString().contains("'island' is missing").contains("learnt missing values");
        assertThat((List<String>) JsonPath.read(body, "$.predictions[1].warnings"))
                .singleElement().asString().contains("'bill' is missing").contains("training mean");
        assertThat((List<String>) JsonPath.read(body, "$.predictions[2].warnings"))
                .singleElement().asString().contains("'Atlantis' was not seen in training");
        for (int i = 0; i < 3; i++) {
            Map<String, Number> p = JsonPath.read(body, "$.predictions[" + i + "].probabilities");
            assertThat(p.values().stream().mapToDouble(Number::doubleValue).sum()).isCloseTo(1.0,
                    org.assertj.core.data.Offset.offset(1e-9));
        }
        // CSV missing markers are missing values, as in uploads
        String csv = predict(classifier, "text/csv", "island,bill,flipper\nNA,50.0,200\nBiscoe,,200\n");
        assertThat((List<String>) JsonPath.read(csv, "$.predictions[0].warnings")).singleElement().asString()
                .contains("'island' is missing");
        assertThat((List<String>) JsonPath.read(csv, "$.predictions[1].warnings")).singleElement().asString()
                .contains("'bill' is missing");
    }

    @Test
    void aWrongKindOfValueIsA400NamingTheInstanceAndFeature() throws Exception {
        HttpResponse<String> text = send("POST", "/api/v1/models/" + classifier + "/predictions", "application/json",
                "{\"instances\": [{\"island\": \"Dream\", \"bill\": \"long\", \"flipper\": 200}]}");
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat((String) JsonPath.read(text.body(), "$.detail")).contains("instances[0], feature 'bill'")
                .contains("must be a number");
        HttpResponse<String> csv = send("POST", "/api/v1/models/" + classifier + "/predictions", "text/csv",
                "island,bill,flipper\nDream,38,190\nDream,x,190\n");
        assertThat(csv.statusCode()).isEqualTo(400);
        assertThat((String) JsonPath.read(csv.body(), "$.detail")).contains("CSV row 2, column 'bill'");
    }

    @Test
    void aRegressionAnswersValuesInTheTargetsUnits() throws Exception {
        String body = predict(regression, "application/json", "{\"instances\": ["
                + "{\"island\": \"Biscoe\", \"bill\": 45, \"flipper\": 200, \"species\": \"large\"},"
                + "{\"island\": \"Torgersen\", \"bill\": 45, \"flipper\": 200, \"species\": \"small\"}]}");
        double biscoe = ((Number) JsonPath.read(body, "$.predictions[0].value")).doubleValue();
        double torgersen = ((Number) JsonPath.read(body, "$.predictions[1].value")).doubleValue();
        // mass = 3000 + 400·island + …: Biscoe ≈ 3000, Torgersen ≈ 3800
        assertThat(biscoe).isBetween(2700.0, 3300.0);
        assertThat(torgersen).isBetween(3500.0, 4100.0);
        assertThat((Map<String, Object>) JsonPath.read(body, "$.predictions[0]")).containsOnlyKeys("value");

        String oip = send("POST", "/v2/models/mass/infer", "application/json", """
                {"inputs": [{"name": "island", "shape": [2], "datatype": "BYTES", "data": ["Biscoe", "Torgersen"]},
                            {"name": "bill", "shape": [2], "datatype": "FP64", "data": [45, 45]},
                            {"name": "flipper", "shape": [2], "datatype": "FP64", "data": [200, 200]},
                            {"name": "species", "shape": [2], "datatype": "BYTES", "data": ["large", "small"]}]}""").body();
        assertThat((String) JsonPath.read(oip, "$.outputs[0].name")).isEqualTo("value");
        assertThat(((Number) JsonPath.read(oip, "$.outputs[0].data[0]")).doubleValue()).isEqualTo(biscoe);
        assertThat(((Number) JsonPath.read(oip, "$.outputs[0].data[1]")).doubleValue()).isEqualTo(torgersen);
    }

    @Test
    void theOpenInferenceProtocolTakesOneTensorPerColumn() throws Exception {
        String metadata = get("/v2/models/species");
        assertThat((List<String>) JsonPath.read(metadata, "$.inputs[*].name")).containsExactly("island", "bill", "flipper");
        assertThat((List<String>) JsonPath.read(metadata, "$.inputs[*].datatype")).containsExactly("BYTES", "FP64", "FP64");

        HttpResponse<String> answer = send("POST", "/v2/models/species/infer", "application/json", """
                {"inputs": [{"name": "island", "shape": [2, 1], "datatype": "BYTES", "data": ["Biscoe", "Dream"]},
                            {"name": "bill", "shape": [2], "datatype": "FP64", "data": [50.0, 38.0]},
                            {"name": "flipper", "shape": [2], "datatype": "INT64", "data": [200, 190]}],
                 "outputs": [{"name": "label"}]}""");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat((List<String>) JsonPath.read(answer.body(), "$.outputs[0].data")).containsExactly("large", "small");

        HttpResponse<String> dense = send("POST", "/v2/models/species/infer", "application/json", """
                {"inputs": [{"name": "input", "shape": [1, 3], "datatype": "FP64", "data": [1, 50, 200]}]}""");
        assertThat(dense.statusCode()).isEqualTo(400);
        assertThat((String) JsonPath.read(dense.body(), "$.error")).contains("'island' is categorical");

        HttpResponse<String> kserve = send("POST", "/v1/models/species:predict", "application/json",
                "{\"instances\": [[\"Biscoe\", 50.0, 200]]}");
        assertThat(kserve.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(kserve.body(), "$.predictions[0].label")).isEqualTo("large");
    }

    @Test
    void exportAndImportKeepTheEncoding() throws Exception {
        String document = get("/api/v1/models/" + classifier + "/export");
        assertThat((Integer) JsonPath.read(document, "$.formatVersion")).isEqualTo(2);
        HttpResponse<String> imported = send("POST", "/api/v1/models/import?name=species-copy", "application/json",
                document);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        String instances = "{\"instances\": [[\"Biscoe\", 50.0, 200], [null, null, 190], [\"Atlantis\", 40, 185]]}";
        assertThat((List<Object>) JsonPath.read(predict("species-copy", "application/json", instances), "$.predictions"))
                .isEqualTo(JsonPath.read(predict(classifier, "application/json", instances), "$.predictions"));
    }

    /** The README's walk-through downloads a mixed model's ONNX without saying which layout. */
    @Test
    void anOnnxDownloadOfAMixedModelTakesOneInputPerColumnUnasked() throws Exception {
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/models/" + classifier + "/export?format=onnx")).build(),
                BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).as(new String(download.body())).isEqualTo(200);
        try (ai.onnxruntime.OrtSession session = ai.onnxruntime.OrtEnvironment.getEnvironment()
                .createSession(download.body())) {
            assertThat(session.getInputNames()).containsExactly("island", "bill", "flipper");
        }
        HttpResponse<String> tensor = send("GET", "/api/v1/models/" + classifier + "/export?format=onnx&inputs=tensor",
                null, null);
        assertThat(tensor.statusCode()).isEqualTo(400);
        assertThat((String) JsonPath.read(tensor.body(), "$.detail")).contains("column 'island' is categorical");
    }

    private String predict(String model, String contentType, String body) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/models/" + model + "/predictions", contentType, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private String get(String path) {
        try {
            HttpResponse<String> response = send("GET", path, null, null);
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            return response.body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
        if (body == null) {
            request.method(method, BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, BodyPublishers.ofString(body));
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }
}
