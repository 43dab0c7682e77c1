package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.backprop.BackpropApplication;
import dev.backprop.dataset.DatasetCatalog;
import dev.backprop.dataset.LegacyDatasetFixture;
import tools.jackson.databind.node.ObjectNode;

/** A storage directory written by the previous version (files, no database) upgrades without losing anything. */
class LegacyStorageTests {

    @TempDir
    Path storage;

    @Test
    void filesOfThePreviousVersionJoinTheDatabaseOnce() throws Exception {
        Path models = Files.createDirectories(storage.resolve("models"));
        ObjectNode model = (ObjectNode) ModelDocuments.MAPPER.readTree(ModelTransferController.IRIS_DOCUMENT);
        model.put("id", "old-model").put("name", "flowers").put("version", 3).put("createdAt", "2025-05-06T07:08:09Z");
        Files.writeString(models.resolve("old-model.json"), ModelDocuments.MAPPER.writeValueAsString(model));
        Files.writeString(models.resolve("broken.json"), "{\"format\": \"backprop-model\", \"formatVersion\": 1, \"wei");
        Files.writeString(models.resolve(".half-written-1234.tmp"), "{");
        Path datasets = Files.createDirectories(storage.resolve("datasets"));
        try (OutputStream out = Files.newOutputStream(datasets.resolve("old-data-abcdef.dataset"))) {
            LegacyDatasetFixture.writeVersion1("old-data-abcdef", out);
        }

        try (ConfigurableApplicationContext context = start()) {
            ModelRegistry registry = context.getBean(ModelRegistry.class);
            TrainedModel restored = registry.require("old-model");
            assertThat(restored.name()).isEqualTo("flowers");
            assertThat(restored.version()).isEqualTo(3);
            assertThat(restored.createdAt()).hasToString("2025-05-06T07:08:09Z");
            assertThat(context.getBean(DatasetCatalog.class).require("old-data-abcdef").rows()).isEqualTo(2);
        }
        assertThat(models.resolve("old-model.json")).doesNotExist();
        assertThat(storage.resolve("legacy-imported/models/old-model.json")).exists();
        assertThat(models.resolve("broken.json")).as("left for inspection").exists();
        assertThat(models.resolve(".half-written-1234.tmp")).doesNotExist();

        try (ConfigurableApplicationContext again = start()) {
            ModelRegistry registry = again.getBean(ModelRegistry.class);
            assertThat(registry.versions("flowers")).extracting(TrainedModel::version).containsExactly(3);
            // numbering goes on after the imported version
            ModelTransfer transfer = again.getBean(ModelTransfer.class);
            TrainedModel next = transfer.importDocument(ModelDocuments.MAPPER.valueToTree(transfer.export("old-model")), null);
            assertThat(next.version()).isEqualTo(4);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(BackpropApplication.class)
                .run("--server.port=0", "--backprop.storage.directory=" + storage, "--spring.main.banner-mode=off");
    }
}
