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

    /** With a storage directory jobs outlive the process: a stopping replica puts its job back, the next start runs it. */
    @Test
    void aRunningJobGoesBackToTheQueueAndRunsAfterTheRestart() throws Exception {
        String jobId;
        try (ConfigurableApplicationContext context = start("--backprop.storage.directory=" + storage)) {
            TrainingService training = context.getBean(TrainingService.class);
            JobView job = training.submit(new TrainingRequest("iris", "interrupted", "seed-case-study", java.util.Map.of("epochs", 300_000, "seed", 1)));
            jobId = job.id();
            await().atMost(Duration.ofSeconds(30)).until(() -> training.require(job.id()).status() == JobStatus.RUNNING);
        }
        try (ConfigurableApplicationContext context = start("--backprop.storage.directory=" + storage)) {
            TrainingService training = context.getBean(TrainingService.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> training.require(jobId).status().finished());
            JobView done = training.require(jobId);
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(done.attempt()).isEqualTo(2);
            assertThat(context.getBean(ModelRegistry.class).versions("interrupted")).hasSize(1);
        }
    }

    /** In memory nothing outlives the process: the running job ends CANCELLED, and says so. */
    @Test
    void inMemoryARunningJobEndsCancelled() {
        ConfigurableApplicationContext context = start();
        TrainingService training = context.getBean(TrainingService.class);
        JobView job = training.submit(new TrainingRequest("iris", "interrupted", "seed-case-study", java.util.Map.of("epochs", 1_000_000, "seed", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> training.require(job.id()).status() == JobStatus.RUNNING);
        String url = context.getEnvironment().getProperty("spring.datasource.url");

        context.close();

        // the embedded database lives on in this JVM (DB_CLOSE_DELAY=-1): read what the shutdown left
        var jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(
                new org.springframework.jdbc.datasource.DriverManagerDataSource(url, "sa", ""));
        assertThat(jdbc.sql("select status from jobs where id = ?").param(job.id()).query(String.class).single())
                .isEqualTo("CANCELLED");
    }

    private static ConfigurableApplicationContext start(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("--server.port=0",
                "--spring.main.banner-mode=off"), java.util.Arrays.stream(args)).toArray(String[]::new);
        return new SpringApplicationBuilder(BackpropApplication.class).run(all);
    }

    /** An open event stream neither holds the shutdown up nor misses the job's end. */
    @Test
    void eventStreamsGetTheFinalEventAndDoNotDelayShutdown() throws Exception {
        ConfigurableApplicationContext context = start();
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        TrainingService training = context.getBean(TrainingService.class);
        JobView job = training.submit(new TrainingRequest("iris", "streamed", "seed-case-study", java.util.Map.of("epochs", 1_000_000, "seed", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> training.require(job.id()).status() == JobStatus.RUNNING);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/training-jobs/" + job.id() + "/events")).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofLines());
        // the lines as they arrive: the connection may close abruptly once the stream has ended
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> lines = CompletableFuture.runAsync(() -> {
            try {
                stream.body().forEach(received::add);
            } catch (java.io.UncheckedIOException closed) {
                // the server went away after its last event: what arrived before counts
            }
        });

        long start = System.nanoTime();
        context.close();
        long closedMillis = (System.nanoTime() - start) / 1_000_000;

        // the graceful-shutdown phase allows 20 s; an open stream must not use them up
        assertThat(closedMillis).isLessThan(15_000);
        lines.get(10, TimeUnit.SECONDS);
        assertThat(received).contains("event:done");
        assertThat(received.stream().filter(l -> l.startsWith("data:")).reduce((a, b) -> b).orElseThrow())
                .contains("\"CANCELLED\"");
    }

}
