package dev.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.jayway.jsonpath.JsonPath;

/**
 * The whole walk-through over a real port, as a client would do it: upload a CSV, train, follow
 * the job's Server-Sent Events to the end, then predict by object, by array and by CSV.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TrainAndServeEndToEndTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, BodyPublishers.ofString(body));
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private static String multipart(String boundary, String filename, String csv) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
    }

    /** Three well-separated clusters in two features; the label comes last, as in most exports. */
    private static String clusters() {
        StringBuilder csv = new StringBuilder("x,y,zone\n");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(9);
        String[] zones = {"south", "east", "north"};
        double[][] centres = {{0, 0}, {10, 0}, {0, 10}};
        for (int i = 0; i < 90; i++) {
            int z = i % 3;
            csv.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%s%n",
                    centres[z][0] + rng.nextDouble() * 2 - 1, centres[z][1] + rng.nextDouble() * 2 - 1, zones[z]));
        }
        return csv.toString();
    }

    @Test
    void uploadTrainFollowAndPredict() throws Exception {
        String boundary = "e2e-boundary";
        HttpResponse<String> upload = send("POST", "/api/v1/datasets", "multipart/form-data; boundary=" + boundary,
                multipart(boundary, "zones.csv", clusters()));
        assertThat(upload.statusCode()).isEqualTo(201);
        String datasetId = JsonPath.read(upload.body(), "$.id");
        assertThat((String) JsonPath.read(upload.body(), "$.labelColumn")).isEqualTo("zone");

        HttpResponse<String> submitted = send("POST", "/api/v1/training-jobs", "application/json",
                "{\"datasetId\": \"" + datasetId + "\", \"modelName\": \"zones\", \"epochs\": 50000, \"seed\": 5, "
                        + "\"earlyStopping\": {\"enabled\": false}}");
        assertThat(submitted.statusCode()).isEqualTo(202);
        String jobId = JsonPath.read(submitted.body(), "$.id");
        assertThat(submitted.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port
                + "/api/v1/training-jobs/" + jobId);

        List<String> events = followEvents(jobId);
        assertThat(events).isNotEmpty();
        assertThat(events.get(events.size() - 1)).startsWith("done ");
        String done = events.get(events.size() - 1).substring("done ".length());
        assertThat((String) JsonPath.read(done, "$.status")).isEqualTo("SUCCEEDED");
        String modelId = JsonPath.read(done, "$.modelId");
        List<String> progress = events.subList(0, events.size() - 1);
        assertThat(progress).as("progress events while the job ran").hasSizeGreaterThanOrEqualTo(2)
                .allMatch(e -> e.startsWith("progress "));
        List<Integer> epochs = progress.stream().map(e -> (Integer) JsonPath.read(e.substring(9), "$.progress.epoch")).toList();
        assertThat(epochs).isSorted();

        HttpResponse<String> byObject = send("POST", "/api/v1/models/" + modelId + "/predictions", "application/json",
                "{\"instances\": [{\"x\": 9.5, \"y\": 0.4}, {\"y\": 9.8, \"x\": 0.3}]}");
        assertThat(byObject.statusCode()).isEqualTo(200);
        assertThat((List<String>) JsonPath.read(byObject.body(), "$.predictions[*].label")).containsExactly("east", "north");

        HttpResponse<String> byArray = send("POST", "/api/v1/models/zones/predictions", "application/json",
                "{\"instances\": [[0.1, -0.2]]}");
        assertThat((String) JsonPath.read(byArray.body(), "$.predictions[0].label")).isEqualTo("south");
        assertThat((String) JsonPath.read(byArray.body(), "$.model.id")).isEqualTo(modelId);

        HttpResponse<String> byCsv = send("POST", "/api/v1/models/" + modelId + "/predictions", "text/csv",
                "x,y,zone\n10.2,0.5,?\n0.0,0.0,?\n");
        assertThat(byCsv.statusCode()).isEqualTo(200);
        assertThat((List<String>) JsonPath.read(byCsv.body(), "$.predictions[*].label")).containsExactly("east", "south");

        HttpResponse<String> defaultModel = send("POST", "/predict", "application/json",
                "{\"Sepal.Length\": 5.1, \"Sepal.Width\": 3.5, \"Petal.Length\": 1.4, \"Petal.Width\": 0.2}");
        assertThat((String) JsonPath.read(defaultModel.body(), "$.model.name")).isEqualTo("iris");
        assertThat((String) JsonPath.read(defaultModel.body(), "$.predictions[0].label")).isEqualTo("setosa");
    }

    @Test
    void aLateSubscriberGetsTheOutcomeAtOnce() throws Exception {
        HttpResponse<String> submitted = send("POST", "/api/v1/training-jobs", "application/json",
                "{\"datasetId\": \"iris\", \"modelName\": \"late\", \"epochs\": 3}");
        String jobId = JsonPath.read(submitted.body(), "$.id");
        followEvents(jobId);

        List<String> again = followEvents(jobId);
        assertThat(again).hasSize(1);
        assertThat(again.get(0)).startsWith("done ").contains("\"SUCCEEDED\"");
    }

    /** Reads the event stream to its end; each entry is "name data". */
    private List<String> followEvents(String jobId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/training-jobs/"
                + jobId + "/events")).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<Stream<String>> response = http.send(request, BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        return ServerSentEvents.readAll(response.body());
    }

    static {
        // keeps java.net.http from pooling a connection the server already closed after an event stream
        System.setProperty("jdk.httpclient.keepalive.timeout", "1");
    }

}
