package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.backprop.BackpropApplication;
import dev.backprop.model.ModelRegistry;

/** Stopping the service mid-training cancels the job cleanly and leaves no half-written file. */
class GracefulShutdownTests {

    @TempDir
    Path storage;

    @Test
    void runningJobsEndCancelledAndNothingHalfWrittenRemains() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BackpropApplication.class)
                .run("--server.port=0", "--backprop.storage.directory=" + storage, "--spring.main.banner-mode=off");
        TrainingService training = context.getBean(TrainingService.class);
        String iris = context.getBean(ModelRegistry.class).latest("iris").orElseThrow().id();
        JobView job = training.submit(new TrainingRequest("iris", "interrupted", "seed-case-study", null, null, null,
                null, null, null, null, 1_000_000, null, null, null, null, null, null, null, 1L, null));
        TrainingJob running = training.require(job.id());
        await().atMost(Duration.ofSeconds(30)).until(() -> running.status() == JobStatus.RUNNING);

        context.close();

        assertThat(running.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(files(storage.resolve("models"))).containsExactly(iris + ".json");
    }

    /** An open event stream neither holds the shutdown up nor misses the job's end. */
    @Test
    void eventStreamsGetTheFinalEventAndDoNotDelayShutdown() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BackpropApplication.class)
                .run("--server.port=0", "--spring.main.banner-mode=off");
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        TrainingService training = context.getBean(TrainingService.class);
        JobView job = training.submit(new TrainingRequest("iris", "streamed", "seed-case-study", null, null, null,
                null, null, null, null, 1_000_000, null, null, null, null, null, null, null, 1L, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> training.require(job.id()).status() == JobStatus.RUNNING);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/training-jobs/" + job.id() + "/events")).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> stream.body().toList());

        long start = System.nanoTime();
        context.close();
        long closedMillis = (System.nanoTime() - start) / 1_000_000;

        // the graceful-shutdown phase allows 20 s; an open stream must not use them up
        assertThat(closedMillis).isLessThan(15_000);
        List<String> received = lines.get(10, TimeUnit.SECONDS);
        assertThat(received).contains("event:done");
        assertThat(received.stream().filter(l -> l.startsWith("data:")).reduce((a, b) -> b).orElseThrow())
                .contains("\"CANCELLED\"");
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }
}
