package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.DoubleBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.backprop.engine.NetworkModel;
import dev.backprop.engine.Trainer;
import dev.backprop.engine.TrainingConfig;
import dev.backprop.engine.TrainingListener;
import dev.backprop.model.onnx.IrisData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ONNX export over a real port, as a client downloads it: the file loads in onnxruntime
 * and answers a few hundred rows as {@code POST /api/v1/models/iris/predictions} does.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OnnxExportEndpointTests {

    private static final int ROWS = 300;

    @LocalServerPort
    int port;

    @Autowired
    ModelRegistry models;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theDownloadedModelPredictsWhatTheServiceAnswers() throws Exception {
        TrainedModel iris = models.require("iris");
        assertThat(parityOverHttp(iris)).as("a softmax model has no scores").isFalse();

        Map<String, String> metadata = metadata(get("/api/v1/models/iris/export?format=onnx", null).body());
        assertThat(metadata).containsEntry("id", iris.id()).containsEntry("name", "iris")
                .containsEntry("version", String.valueOf(iris.version()))
                .containsEntry("datasetId", "iris")
                .containsEntry("datasetSha256", iris.provenance().datasetSha256())
                .containsEntry("seed", String.valueOf(iris.seed()))
                .containsEntry("classNames", "[\"setosa\",\"versicolor\",\"virginica\"]");
        assertThat(metadata.get("serviceVersion")).isNotBlank();
    }

    @Test
    void aSigmoidModelsDownloadAnswersItsProbabilitiesAndScores() throws Exception {
        // the case-study preset: 4-5-3, sigmoid outputs, no bias, l2-row
        TrainedModel iris = models.require("iris");
        NetworkModel network = new Trainer().train(TrainingConfig.caseStudy(3).toBuilder().epochs(2000).build(),
                IrisData.load(), TrainingListener.NONE).model();
        TrainedModel caseStudy = models.register(new ModelRegistry.Draft("onnx-case-study", iris.datasetId(),
                iris.labelColumn(), iris.config(), iris.metrics(), iris.history(), iris.provenance(), network));
        try {
            assertThat(parityOverHttp(caseStudy)).as("a sigmoid model answers scores").isTrue();
        } finally {
            models.delete(caseStudy.id());
        }
    }

    /**
     * Downloads the model as ONNX, runs it on {@value #ROWS} rows in onnxruntime and compares with
     * what {@code POST /api/v1/models/{id}/predictions} answers for them; returns whether there were scores.
     */
    private boolean parityOverHttp(TrainedModel model) throws Exception {
        HttpResponse<byte[]> download = get("/api/v1/models/" + model.id() + "/export?format=onnx", null);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/onnx");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).contains("filename=\"" + model.name() + "-v" + model.version() + ".onnx\""));

        double[] rows = irisLikeRows(new SplittableRandom(13));
        StringBuilder body = new StringBuilder("{\"instances\": [");
        for (int r = 0; r < ROWS; r++) {
            body.append(r == 0 ? "[" : ", [");
            for (int j = 0; j < 4; j++) {
                body.append(j == 0 ? "" : ", ").append(rows[r * 4 + j]);
            }
            body.append(']');
        }
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/api/v1/models/" + model.id() + "/predictions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode predictions = json.readTree(answer.body()).get("predictions");

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(download.body(), options);
                 OnnxTensor input = OnnxTensor.createTensor(env, DoubleBuffer.wrap(rows), new long[] {ROWS, 4});
                 OrtSession.Result result = session.run(Map.of("input", input))) {
                String[] labels = (String[]) result.get("label").orElseThrow().getValue();
                double[][] probabilities = (double[][]) result.get("probabilities").orElseThrow().getValue();
                double[][] scores = result.get("scores").isPresent()
                        ? (double[][]) result.get("scores").get().getValue() : null;
                double delta = 0;
                for (int r = 0; r < ROWS; r++) {
                    JsonNode prediction = predictions.get(r);
                    assertThat(labels[r]).as("label of row %d", r).isEqualTo(prediction.get("label").asString());
                    assertThat(prediction.has("scores")).as("scores in row %d", r).isEqualTo(scores != null);
                    for (int c = 0; c < model.classNames().size(); c++) {
                        String name = model.classNames().get(c);
                        delta = Math.max(delta, Math.abs(probabilities[r][c]
                                - prediction.get("probabilities").get(name).asDouble()));
                        if (scores != null) {
                            delta = Math.max(delta, Math.abs(scores[r][c] - prediction.get("scores").get(name).asDouble()));
                        }
                    }
                }
                System.out.printf("ONNX parity over HTTP (%s, %d rows): max |Δ| = %.3e%n", model.name(), ROWS, delta);
                assertThat(delta).isLessThanOrEqualTo(1e-6);
                return scores != null;
            }
        }
    }

    private static Map<String, String> metadata(byte[] onnx) throws Exception {
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx)) {
            return session.getMetadata().getCustomMetadata();
        }
    }

    @Test
    void acceptApplicationOnnxSelectsOnnxAndEverythingElseKeepsJson() throws Exception {
        byte[] byParameter = get("/api/v1/models/iris/export?format=onnx", null).body();
        HttpResponse<byte[]> byAccept = get("/api/v1/models/iris/export", "application/onnx");
        assertThat(byAccept.statusCode()).isEqualTo(200);
        assertThat(byAccept.headers().firstValue("Content-Type")).hasValue("application/onnx");
        assertThat(byAccept.body()).as("the export is deterministic").isEqualTo(byParameter);

        for (String accept : new String[] {null, "*/*", "application/json", "application/onnx;q=0.5, */*"}) {
            HttpResponse<byte[]> document = get("/api/v1/models/iris/export", accept);
            assertThat(document.statusCode()).as("Accept %s", accept).isEqualTo(200);
            assertThat(document.headers().firstValue("Content-Type")).as("Accept %s", accept)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(json.readTree(document.body()).get("format").asString()).isEqualTo("backprop-model");
        }
        // the query parameter wins over the header
        assertThat(get("/api/v1/models/iris/export?format=json", "application/onnx").headers()
                .firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void theColumnLayoutNamesItsInputsAfterTheFeatures() throws Exception {
        HttpResponse<byte[]> download = get("/api/v1/models/iris/export?format=onnx&inputs=columns", null);
        assertThat(download.statusCode()).isEqualTo(200);
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(download.body())) {
            assertThat(session.getInputNames()).containsExactly("Sepal.Length", "Sepal.Width", "Petal.Length",
                    "Petal.Width");
        }
    }

    @Test
    void errorsAreProblemDetailsEvenWhenOnnxWasAskedFor() throws Exception {
        HttpResponse<byte[]> missing = get("/api/v1/models/no-such-model/export", "application/onnx");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(missing.body()).get("detail").asString()).contains("no-such-model");

        for (String[] bad : new String[][] {
                {"format=pmml", "format must be 'json' or 'onnx', was 'pmml'"},
                {"format=onnx&inputs=rows", "inputs must be 'tensor' or 'columns', was 'rows'"},
                {"inputs=columns", "inputs applies to the ONNX export only (format=onnx)"}}) {
            HttpResponse<byte[]> response = get("/api/v1/models/iris/export?" + bad[0], null);
            assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(response.body()).get("detail").asString()).isEqualTo(bad[1]);
        }
    }

    private HttpResponse<byte[]> get(String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Rows across and a little beyond the Iris ranges, so that every class wins some. */
    private static double[] irisLikeRows(SplittableRandom rng) {
        double[][] ranges = {{4.0, 8.2}, {1.8, 4.6}, {0.8, 7.2}, {0.0, 2.7}};
        double[] x = new double[ROWS * 4];
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < 4; j++) {
                x[r * 4 + j] = rng.nextDouble(ranges[j][0], ranges[j][1]);
            }
        }
        return x;
    }
}
