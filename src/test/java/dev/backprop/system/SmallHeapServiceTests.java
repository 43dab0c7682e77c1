package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import com.jayway.jsonpath.JsonPath;

import dev.backprop.BackpropApplication;

/**
 * Issue 12 at the service level: with {@code -Xmx256m} a 48 MB upload answered 500
 * OutOfMemoryError the second time, and four parallel 100 000-row predictions during training
 * gave 500s and failed the training job. The whole service runs here in a child JVM with a 256 MB
 * heap (512 MB with a storage directory, below) that exits on OutOfMemoryError: three large uploads in a row, then four parallel
 * 100 000-row predictions while a job trains. Every answer is a success or a 503 asking to retry,
 * the job succeeds and the process is still alive.
 */
class SmallHeapServiceTests {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.destroyForcibly();
        }
    }

    /** 1 000 000 rows of 5 decimals and a text label: 40 MB of CSV, the kind of upload that failed. */
    private static Path longUpload(Path dir) throws Exception {
        Path csv = dir.resolve("long.csv");
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder text = new StringBuilder(48_000_000).append("a,b,c,d,e,kind\n");
        for (int i = 0; i < 1_000_000; i++) {
            for (int j = 0; j < 5; j++) {
                text.append(String.format(Locale.ROOT, "%.3f,", rng.nextDouble() * 10));
            }
            text.append(rng.nextBoolean() ? "x" : "y").append('\n');
        }
        Files.writeString(csv, text);
        return csv;
    }

    /**
     * @param onDisk with a storage directory (an H2 file: datasets live on disk, only a cache in the
     *        heap) every upload is stored, at {@code -Xmx512m}: after an upload commits, H2's file
     *        store writes its pages in the background through one write buffer as large as the upload's
     *        stored form (it grew to 23–36 MB here, JFR; neither a CHECKPOINT every 4 MB nor
     *        WRITE_DELAY=10 ms kept it small), and the JVM ran out of memory in one run in eight at
     *        256 MB (heap dump: that buffer); at 384 MB the service was gone in two runs of eighteen. With the default in-memory database (256 MB) the
     *        datasets live in the heap, and the one that would take more than its quarter is a 507
     *        saying so
     */
    @ParameterizedTest(name = "storage directory: {0}")
    @ValueSource(booleans = {false, true})
    void aSmallHeapTakesRepeatedLargeUploadsAndParallelPredictionsDuringTraining(boolean onDisk, @TempDir Path dir)
            throws Exception {
        Path csv = longUpload(dir);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Path.of("target", "small-heap-service-" + (onDisk ? "disk" : "memory") + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                onDisk ? "-Xmx512m" : "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                BackpropApplication.class.getName(), "--server.port=" + port, "--spring.main.banner-mode=off"));
        if (onDisk) {
            command.add("--backprop.storage.directory=" + dir.resolve("store"));
        }
        service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .failFast("the service exited", () -> !service.isAlive())
                .until(() -> send(port, "GET", "/actuator/health/readiness", null, null).statusCode() == 200);

        List<Integer> uploads = new ArrayList<>();
        String dataset = null;
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> upload;
            // a connection of its own for each upload: never one the server may be closing as idle
            HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            try {
                upload = fresh.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/v1/datasets?name=long-" + i))
                        .header("Content-Type", "text/csv").timeout(Duration.ofSeconds(120))
                        .POST(BodyPublishers.ofFile(csv)).build(), BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                throw new AssertionError("upload " + i + " got no answer; the service " + (service.isAlive()
                        ? "is alive" : "exited") + ", its log ends: " + tail(log), e);
            }
            uploads.add(upload.statusCode());
            if (onDisk || i == 0) {
                assertThat(upload.statusCode()).as("upload %d: %s", i, upload.body()).isEqualTo(201);
                dataset = JsonPath.read(upload.body(), "$.id");
            } else {
                assertThat(upload.statusCode()).as("upload %d: %s", i, upload.body()).isEqualTo(507);
                assertThat((String) JsonPath.read(upload.body(), "$.detail")).contains("backprop.limits.in-memory-store");
            }
        }

        HttpResponse<String> job = send(port, "POST", "/api/v1/training-jobs", "application/json",
                "{\"datasetId\": \"" + dataset + "\", \"modelName\": \"long\", \"epochs\": 2}");
        assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
        String jobId = JsonPath.read(job.body(), "$.id");

        StringBuilder instances = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < 100_000; i++) {
            instances.append(i == 0 ? "" : ",").append("[5.1, 3.5, 1.4, 0.2]");
        }
        String body = instances.append("]}").toString();
        List<CompletableFuture<HttpResponse<String>>> predictions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            predictions.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                    .POST(BodyPublishers.ofString(body)).build(), BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> p : predictions) {
            HttpResponse<String> answer = p.join();
            statuses.add(answer.statusCode());
            assertThat(answer.statusCode()).as(answer.body().substring(0, Math.min(300, answer.body().length())))
                    .isIn(200, 503);
        }
        assertThat(statuses).contains(200);

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> !List.of("QUEUED",
                "RUNNING").contains(JsonPath.read(send(port, "GET", "/api/v1/training-jobs/" + jobId, null, null).body(),
                "$.status")));
        String finished = send(port, "GET", "/api/v1/training-jobs/" + jobId, null, null).body();
        assertThat((String) JsonPath.read(finished, "$.status")).as(finished).isEqualTo("SUCCEEDED");
        assertThat(service.isAlive()).as(Files.readString(log)).isTrue();
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        System.out.printf("small-heap service (" + (onDisk ? "-Xmx512m, storage directory" : "-Xmx256m, in-memory") + "): uploads %s, parallel 100 000-row predictions %s, job %s%n",
                uploads, statuses, JsonPath.read(finished, "$.status"));
    }

    private static String tail(Path log) throws java.io.IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private HttpResponse<String> send(int port, String method, String path, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, BodyPublishers.ofString(body));
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }
}
