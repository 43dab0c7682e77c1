package dev.backprop.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.jayway.jsonpath.JsonPath;

import dev.backprop.ServerSentEvents;

/**
 * Batch scoring over a real port, as a client does it: upload a training set, train, upload a
 * dataset to score (an extra column, missing cells, the label), score it, follow the scoring's
 * events to its end, stream the CSV back and check it against {@code /predictions}, row by row.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ScoringEndToEndTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static {
        // keeps java.net.http from pooling a connection the server already closed after an event stream
        System.setProperty("jdk.httpclient.keepalive.timeout", "1");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path);
        if (body == null) {
            request.method(method, BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, BodyPublishers.ofString(body));
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    /**
     * Three clusters in x and y with a categorical shape; to be scored, rows also have {@code id}, a
     * column the model never saw, x is missing now and then, and shape is sometimes missing or a
     * level unseen in training.
     */
    private static String zones(int rows, long seed, boolean toScore) {
        StringBuilder csv = new StringBuilder(toScore ? "id,x,y,shape,zone\n" : "x,y,shape,zone\n");
        SplittableRandom rng = new SplittableRandom(seed);
        String[] zones = {"south", "east", "north"};
        String[] shapes = {"round", "square"};
        double[][] centres = {{0, 0}, {10, 0}, {0, 10}};
        for (int i = 0; i < rows; i++) {
            int z = i % 3;
            if (toScore) {
                csv.append(1000 + i).append(',');
            }
            String x = toScore && i % 17 == 5 ? "NA"
                    : String.format(Locale.ROOT, "%.3f", centres[z][0] + rng.nextDouble() * 4 - 2);
            String shape = toScore && i % 13 == 7 ? "star" : toScore && i % 11 == 4 ? "" : shapes[rng.nextInt(2)];
            csv.append(x).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", centres[z][1] + rng.nextDouble() * 4 - 2)).append(',')
                    .append(shape).append(',').append(zones[z]).append('\n');
        }
        return csv.toString();
    }

    private String upload(String name, String csv) throws Exception {
        HttpResponse<String> upload = send("POST", "/api/v1/datasets?name=" + name + "&labelColumn=zone", "text/csv", csv);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        return JsonPath.read(upload.body(), "$.id");
    }

    @Test
    void uploadTrainScoreFollowAndStreamTheResult() throws Exception {
        String training = upload("zones-train", zones(300, 1, false));
        HttpResponse<String> job = send("POST", "/api/v1/training-jobs", "application/json",
                "{\"datasetId\": \"" + training + "\", \"modelName\": \"zones-scored\", \"epochs\": 200, \"seed\": 5}");
        assertThat(job.statusCode()).isEqualTo(202);
        String jobId = JsonPath.read(job.body(), "$.id");
        List<String> trainingEvents = follow("/api/v1/training-jobs/" + jobId + "/events");
        assertThat(trainingEvents.get(trainingEvents.size() - 1)).startsWith("done ").contains("\"SUCCEEDED\"");
        String modelId = JsonPath.read(send("GET", "/api/v1/training-jobs/" + jobId, null, null).body(), "$.modelId");

        int rows = 3000;
        String scored = upload("zones-new", zones(rows, 2, true));
        HttpResponse<String> submitted = send("POST", "/api/v1/models/zones-scored/scorings", "application/json",
                "{\"datasetId\": \"" + scored + "\"}");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String id = JsonPath.read(submitted.body(), "$.id");
        String location = submitted.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("http://127.0.0.1:" + port + "/api/v1/models/zones-scored/scorings/" + id);
        assertThat((String) JsonPath.read(submitted.body(), "$.model.id")).isEqualTo(modelId);

        List<String> events = follow("/api/v1/models/zones-scored/scorings/" + id + "/events");
        String done = events.get(events.size() - 1);
        assertThat(done).startsWith("done ");
        String scoring = done.substring("done ".length());
        assertThat((String) JsonPath.read(scoring, "$.status")).isEqualTo("SUCCEEDED");
        assertThat((Integer) JsonPath.read(scoring, "$.progress.rowsScored")).isEqualTo(rows);
        assertThat((Integer) JsonPath.read(scoring, "$.counts.rows")).isEqualTo(rows);
        assertThat((Double) JsonPath.read(scoring, "$.metrics.accuracy")).isGreaterThan(0.9);
        assertThat((String) JsonPath.read(scoring, "$.metrics.labelColumn")).isEqualTo("zone");
        for (String event : events.subList(0, events.size() - 1)) {
            assertThat(event).startsWith("progress ").contains("\"rowsScored\"");
        }

        HttpResponse<InputStream> result = http.send(request(URI.create(location).getPath() + "/result").GET().build(),
                BodyHandlers.ofInputStream());
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(result.headers().firstValue("ETag")).as("an ETag would mean the answer was held to hash it").isEmpty();
        assertThat(result.headers().firstValue("Content-Length")).isPresent();
        List<CSVRecord> records;
        try (Reader reader = new InputStreamReader(result.body(), StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertThat(parser.getHeaderNames()).containsExactly("id", "x", "y", "shape", "zone", "label",
                    "probability_south", "probability_east", "probability_north", "warnings");
            records = parser.getRecords();
        }
        assertThat(records).hasSize(rows);
        assertThat(records.get(5).get("x")).as("a missing cell stays empty").isEmpty();
        assertThat(records.get(0).get("id")).isEqualTo("1000");

        // the same rows through /predictions give the same answers and the same warnings: rows with a
        // missing x, a missing shape and an unseen shape among them
        List<CSVRecord> sample = new ArrayList<>(records.subList(0, 30));
        assertThat(sample).anyMatch(r -> r.get("x").isEmpty()).anyMatch(r -> r.get("shape").equals("star"))
                .anyMatch(r -> r.get("shape").isEmpty());
        StringBuilder instances = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < sample.size(); i++) {
            CSVRecord row = sample.get(i);
            instances.append(i == 0 ? "" : ", ").append("{\"x\": ").append(row.get("x").isEmpty() ? "null" : row.get("x"))
                    .append(", \"y\": ").append(row.get("y")).append(", \"shape\": ")
                    .append(row.get("shape").isEmpty() ? "null" : "\"" + row.get("shape") + "\"").append('}');
        }
        HttpResponse<String> predicted = send("POST", "/api/v1/models/" + modelId + "/predictions", "application/json",
                instances.append("]}").toString());
        assertThat(predicted.statusCode()).as(predicted.body()).isEqualTo(200);
        String predictions = predicted.body();
        for (int i = 0; i < sample.size(); i++) {
            CSVRecord row = sample.get(i);
            assertThat(row.get("label")).isEqualTo(JsonPath.read(predictions, "$.predictions[" + i + "].label"));
            for (String zone : List.of("south", "east", "north")) {
                double expected = ((Number) JsonPath.read(predictions, "$.predictions[" + i + "].probabilities." + zone))
                        .doubleValue();
                assertThat(Double.parseDouble(row.get("probability_" + zone))).isCloseTo(expected, within(1e-9));
            }
            List<String> warnings = JsonPath.read(predictions, "$.predictions[" + i + "]..warnings[*]");
            assertThat(row.get("warnings").isEmpty() ? List.of() : List.of(row.get("warnings").split(" \\| ")))
                    .as("row %d", i).isEqualTo(warnings);
        }

        // clients that take gzip get it compressed on the wire, byte for byte the same CSV
        byte[] plain = http.send(request(URI.create(location).getPath() + "/result").GET().build(),
                BodyHandlers.ofByteArray()).body();
        HttpResponse<InputStream> gzipped = http.send(request(URI.create(location).getPath() + "/result")
                .header("Accept-Encoding", "gzip").GET().build(), BodyHandlers.ofInputStream());
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (InputStream in = new GZIPInputStream(gzipped.body())) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
    }

    @Test
    void aClientThatOnlyAcceptsCsvStillGetsTheProblem() throws Exception {
        HttpResponse<String> missing = http.send(request("/api/v1/models/iris/scorings/nope/result")
                .header("Accept", "text/csv").GET().build(), BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(missing.body()).contains("Scoring 'nope' of model 'iris' does not exist");
    }

    /** Reads an event stream to its end; each entry is "name data". */
    private List<String> follow(String path) throws Exception {
        HttpResponse<Stream<String>> response = http.send(request(path).header("Accept", "text/event-stream").GET().build(),
                BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        return ServerSentEvents.readAll(response.body());
    }
}
