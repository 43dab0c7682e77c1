package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.backprop.BackpropApplication;
import dev.backprop.prediction.PredictionService;

/**
 * Two application contexts in sequence share one storage directory: everything the first stored
 * is back in the second, with identical predictions, and versions continue. Corrupt and foreign
 * files in {@code models/} are skipped without failing start-up.
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
        try (ConfigurableApplicationContext first = start()) {
            ModelRegistry models = first.getBean(ModelRegistry.class);
            ModelTransfer transfer = first.getBean(ModelTransfer.class);
            TrainedModel iris = models.latest("iris").orElseThrow();
            TrainedModel copy = transfer.importDocument(
                    ModelDocuments.MAPPER.valueToTree(transfer.export(iris.id())), null);
            assertThat(copy.version()).isEqualTo(iris.version() + 1);
            copyId = copy.id();
            PredictionService service = first.getBean(PredictionService.class);
            for (TrainedModel model : models.list()) {
                before.put(model.id(), model);
                predictions.put(model.id(), service.outputs(model, ROWS, ROWS.length / 4).probabilities());
            }
        }
        Path dir = storage.resolve("models");
        assertThat(files(dir)).containsExactlyInAnyOrderElementsOf(
                before.keySet().stream().map(id -> id + ".json").toList());
        Files.writeString(dir.resolve("corrupt.json"), "{\"format\": \"backprop-model\", \"formatVersion\": 1, \"weig");
        Files.writeString(dir.resolve("foreign.json"), "{\"hello\": \"world\"}");
        Files.writeString(dir.resolve(".leftover-123.tmp"), "{");

        try (ConfigurableApplicationContext second = start()) {
            ModelRegistry models = second.getBean(ModelRegistry.class);
            PredictionService service = second.getBean(PredictionService.class);
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
                assertThat(service.outputs(model, ROWS, ROWS.length / 4).probabilities())
                        .containsExactly(predictions.get(model.id()));
            }

            // versions continue after the restart
            ModelTransfer transfer = second.getBean(ModelTransfer.class);
            TrainedModel third = transfer.importDocument(ModelDocuments.MAPPER.valueToTree(transfer.export(copyId)), null);
            assertThat(third.version()).isEqualTo(before.get(copyId).version() + 1);
            assertThat(dir.resolve(third.id() + ".json")).exists();

            // deleting through the registry deletes the file
            models.delete(copyId);
            assertThat(dir.resolve(copyId + ".json")).doesNotExist();
            assertThat(dir.resolve("corrupt.json")).exists(); // skipped files stay for inspection
        }
    }

    private ConfigurableApplicationContext start() {
        // command-line arguments: SpringApplicationBuilder.properties() are defaults, below application.yml
        return new SpringApplicationBuilder(BackpropApplication.class)
                .run("--server.port=0", "--backprop.storage.directory=" + storage, "--backprop.bootstrap-model=true",
                        "--spring.main.banner-mode=off");
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }

}
