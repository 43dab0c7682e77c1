package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.backprop.BackpropApplication;

/**
 * Two application contexts in sequence share one storage directory (an embedded database file):
 * everything the first stored is back in the second, with identical predictions; aliases and
 * metadata survive; versions continue and deleted numbers stay used.
 */
class ModelPersistenceTests {

    private static final double[] ROWS = {5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3, 5.9, 3.0, 4.2, 1.5, 0, 0, 0, 0};

    @TempDir
    Path storage;

    @Test
    void restartLosesNothing() throws Exception {
        Map<String, double[]> predictions = new HashMap<>();
        Map<String, TrainedModel> before = new HashMap<>();
        String copyId;
        int deletedVersion;
        try (ConfigurableApplicationContext first = start()) {
            ModelRegistry models = first.getBean(ModelRegistry.class);
            ModelTransfer transfer = first.getBean(ModelTransfer.class);
            TrainedModel iris = models.require("iris@production");
            TrainedModel copy = transfer.importDocument(
                    ModelDocuments.MAPPER.valueToTree(transfer.export(iris.id())), null);
            assertThat(copy.version()).isEqualTo(iris.version() + 1);
            copyId = copy.id();
            TrainedModel doomed = transfer.importDocument(ModelDocuments.MAPPER.valueToTree(transfer.export(iris.id())), null);
            deletedVersion = doomed.version();
            models.delete(doomed.id());
            models.setAlias("iris", "staging", copy.version());
            models.updateMetadata(copy.id(), "a copy", Map.of("kind", "copy"));
            for (TrainedModel model : models.list()) {
                before.put(model.id(), model);
                predictions.put(model.id(), probabilities(model));
            }
        }
        assertThat(storage.resolve("backprop.mv.db")).exists();
        try (var files = Files.list(storage)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        try (ConfigurableApplicationContext second = start()) {
            ModelRegistry models = second.getBean(ModelRegistry.class);
            assertThat(models.list()).extracting(TrainedModel::id)
                    .containsExactlyInAnyOrderElementsOf(before.keySet()); // the bootstrap did not train again
            for (TrainedModel model : models.list()) {
                TrainedModel old = before.get(model.id());
                assertThat(model.name()).isEqualTo(old.name());
                assertThat(model.version()).isEqualTo(old.version());
                assertThat(model.createdAt()).isEqualTo(old.createdAt());
                assertThat(model.config()).isEqualTo(old.config());
                assertThat(model.provenance()).isEqualTo(old.provenance());
                assertThat(model.history()).isEqualTo(old.history());
                assertThat(model.metrics().train().confusionMatrix()).isDeepEqualTo(old.metrics().train().confusionMatrix());
                assertThat(model.metrics().train().accuracy()).isEqualTo(old.metrics().train().accuracy());
                assertThat(model.metrics().train().perClass()).isEqualTo(old.metrics().train().perClass());
                assertThat(probabilities(model))
                        .containsExactly(predictions.get(model.id()));
            }
            assertThat(models.require("iris@staging").id()).isEqualTo(copyId);
            assertThat(models.require("iris@production").provenance().source()).isEqualTo("built-in");
            assertThat(models.entry(copyId).orElseThrow().description()).isEqualTo("a copy");
            assertThat(models.entry(copyId).orElseThrow().tags()).containsEntry("kind", "copy");

            // versions continue after the restart, past the deleted one
            ModelTransfer transfer = second.getBean(ModelTransfer.class);
            TrainedModel next = transfer.importDocument(ModelDocuments.MAPPER.valueToTree(transfer.export(copyId)), null);
            assertThat(next.version()).isEqualTo(deletedVersion + 1);
        }
    }

    private ConfigurableApplicationContext start() {
        // command-line arguments: SpringApplicationBuilder.properties() are defaults, below application.yml
        return new SpringApplicationBuilder(BackpropApplication.class)
                .run("--server.port=0", "--backprop.storage.directory=" + storage, "--backprop.bootstrap-model=true",
                        "--spring.main.banner-mode=off");
    }

    private static double[] probabilities(TrainedModel model) {
        int rows = ROWS.length / 4;
        return model.network().probabilities(model.network().predictBatch(ROWS, rows), rows);
    }
}
