package dev.backprop.training;

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
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.jayway.jsonpath.JsonPath;

import dev.backprop.ServerSentEvents;

/**
 * Jobs as a client sees them over a real port, on the default configuration: live progress while
 * a default job runs, and no job stranded when its dataset goes away.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
// an event that never comes must fail the test, not hang the build: a stream's body has no timeout
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LiveJobsEndToEndTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Rows of a noisy, non-linear 3-class problem in 8 features: big enough that the default
     * configuration (early stopping included) trains for several seconds, so progress must be live.
     */
    static String noisyRows(int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder(rows * 64).append("a,b,c,d,e,f,g,h,kind\n");
        String[] kinds = {"low", "mid", "high"};
        for (int i = 0; i < rows; i++) {
            double[] x = new double[8];
            for (int j = 0; j < 8; j++) {
                x[j] = rng.nextDouble() * 2 - 1;
                csv.append(String.format(Locale.ROOT, "%.4f,", x[j]));
            }
            double score = Math.sin(3 * x[0]) + x[1] * x[2] - x[3] * x[3] + 0.5 * x[4] + rng.nextGaussian() * 0.4;
            csv.append(kinds[score < -0.4 ? 0 : score < 0.4 ? 1 : 2]).append('\n');
        }
        return csv.toString();
    }

    @Test
    void aDefaultJobStreamsLiveProgress() throws Exception {
        String dataset = upload("noisy", noisyRows(200_000, 11));
        HttpResponse<String> submitted = send("POST", "/api/v1/training-jobs", "application/json",
                "{\"datasetId\": \"" + dataset + "\", \"modelName\": \"noisy\"}");
        assertThat(submitted.statusCode()).isEqualTo(202);
        String jobId = JsonPath.read(submitted.body(), "$.id");
        assertThat((Boolean) JsonPath.read(submitted.body(), "$.config.earlyStopping.enabled"))
                .as("the defaults stop early").isTrue();

        List<String> events = followEvents(jobId);
        String done = events.get(events.size() - 1);
        assertThat(done).startsWith("done ").contains("\"SUCCEEDED\"");
        List<Integer> epochs = events.subList(0, events.size() - 1).stream()
                .filter(e -> e.startsWith("progress "))
                .map(e -> (Integer) JsonPath.read(e.substring(9), "$.progress.epoch")).toList();
        Object millis = JsonPath.read(done.substring(5), "$.durationMillis");
        assertThat(epochs).as("progress events of a default job that ran %s ms", millis).isSorted();
        assertThat(epochs.stream().distinct().filter(e -> e > 0).count())
                .as("distinct epochs reported live by a default job that ran %s ms: %s", millis, epochs)
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void aQueuedJobWhoseDatasetIsDeletedEndsAtOnce() throws Exception {
        // a long job holds the only worker
        String blockerId = startBlocker(1);

        String dataset = upload("short-lived", noisyRows(200, 3));
        HttpResponse<String> queued = send("POST", "/api/v1/training-jobs", "application/json",
                "{\"datasetId\": \"" + dataset + "\", \"modelName\": \"orphan\"}");
        String queuedId = JsonPath.read(queued.body(), "$.id");
        assertThat(statusOf(queuedId)).isEqualTo("QUEUED");

        assertThat(send("DELETE", "/api/v1/datasets/" + dataset, null, null).statusCode()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(5)).until(() -> !statusOf(queuedId).equals("QUEUED"));
        HttpResponse<String> job = send("GET", "/api/v1/training-jobs/" + queuedId, null, null);
        assertThat((String) JsonPath.read(job.body(), "$.status")).isEqualTo("FAILED");
        assertThat((String) JsonPath.read(job.body(), "$.error")).contains(dataset).contains("deleted");
        List<String> events = followEvents(queuedId);
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).startsWith("done ").contains("\"FAILED\"");

        assertThat(send("DELETE", "/api/v1/training-jobs/" + blockerId, null, null).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(blockerId).equals("CANCELLED"));
    }

    /**
     * A client following a job hears of its end as soon as it ends, not at the stream's next
     * reading of the store: a queued job cancelled, and the running one cancelled after it.
     * ({@link JobEventsWithoutTicksTests} runs this with readings an hour apart.)
     */
    @Test
    void followersOfCancelledJobsGetTheirDoneEvent() throws Exception {
        String blockerId = startBlocker(2);
        HttpResponse<String> queued = send("POST", "/api/v1/training-jobs", "application/json",
                "{\"datasetId\": \"iris\", \"modelName\": \"never-runs\"}");
        String queuedId = JsonPath.read(queued.body(), "$.id");

        for (String jobId : List.of(queuedId, blockerId)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/training-jobs/" + jobId + "/events")).timeout(Duration.ofSeconds(60)).GET().build();
            HttpResponse<Stream<String>> response = http.send(request, BodyHandlers.ofLines());
            try (ServerSentEvents events = new ServerSentEvents(response.body())) {
                // the current state comes first: the stream is followed before the cancel
                assertThat(events.next()).startsWith("progress ");
                assertThat(send("DELETE", "/api/v1/training-jobs/" + jobId, null, null).statusCode()).isEqualTo(202);
                List<String> rest = events.rest();
                assertThat(rest).as(jobId).isNotEmpty();
                assertThat(rest.get(rest.size() - 1)).startsWith("done ").contains("\"CANCELLED\"");
            }
        }
    }

    /** A long job, running once this returns: it holds the only worker, so that the next job stays queued. */
    private String startBlocker(long seed) throws Exception {
        HttpResponse<String> blocker = send("POST", "/api/v1/training-jobs", "application/json",
                "{\"datasetId\": \"iris\", \"modelName\": \"blocker\", \"preset\": \"seed-case-study\", "
                        + "\"epochs\": 1000000, \"seed\": " + seed + "}");
        String id = JsonPath.read(blocker.body(), "$.id");
        await().atMost(Duration.ofSeconds(30)).until(() -> statusOf(id).equals("RUNNING"));
        return id;
    }

    private String statusOf(String jobId) throws Exception {
        return JsonPath.read(send("GET", "/api/v1/training-jobs/" + jobId, null, null).body(), "$.status");
    }

    private String upload(String name, String csv) throws Exception {
        HttpResponse<String> upload = send("POST", "/api/v1/datasets?name=" + name, "text/csv", csv);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        return JsonPath.read(upload.body(), "$.id");
    }

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

    /** Reads the event stream to its end; each entry is "name data". */
    private List<String> followEvents(String jobId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/training-jobs/"
                + jobId + "/events")).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120)).GET().build();
        HttpResponse<Stream<String>> response = http.send(request, BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        return ServerSentEvents.readAll(response.body());
    }

    static {
        // keeps java.net.http from pooling a connection the server already closed after an event stream
        System.setProperty("jdk.httpclient.keepalive.timeout", "1");
    }
}
