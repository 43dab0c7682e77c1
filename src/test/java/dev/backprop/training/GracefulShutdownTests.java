package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }
}
