package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backprop.engine.NetworkModel;
import tools.jackson.databind.node.ObjectNode;

class DirectoryModelStoreTests {

    @TempDir
    Path root;

    /** A model built from the import example, stored under {@code id}. */
    private static TrainedModel model(String id, int version) {
        ObjectNode node = (ObjectNode) ModelDocuments.MAPPER.readTree(ModelTransferController.IRIS_DOCUMENT);
        node.put("id", id).put("version", version).put("createdAt", "2026-01-02T03:04:05.123456789Z");
        return ModelDocuments.restore(ModelDocuments.read(node));
    }

    @Test
    void writesAtomicallyAndLoadsBackAtStartUp() throws Exception {
        DirectoryModelStore store = new DirectoryModelStore(root);
        store.save(model("one", 1));
        store.save(model("two", 2));
        assertThat(names()).containsExactlyInAnyOrder("one.json", "two.json"); // no .tmp left over

        DirectoryModelStore restarted = new DirectoryModelStore(root);
        assertThat(restarted.all()).hasSize(2);
        TrainedModel loaded = restarted.find("two").orElseThrow();
        TrainedModel original = model("two", 2);
        assertThat(loaded.version()).isEqualTo(2);
        assertThat(loaded.createdAt()).isEqualTo(original.createdAt());
        NetworkModel a = loaded.network();
        double[] row = {5.9, 3.0, 4.2, 1.5};
        assertThat(a.predict(row)).containsExactly(original.network().predict(row));
    }

    @Test
    void skipsCorruptForeignAndMisnamedFiles() throws Exception {
        DirectoryModelStore store = new DirectoryModelStore(root);
        store.save(model("good", 1));
        Path dir = root.resolve("models");
        Files.writeString(dir.resolve("truncated.json"), Files.readString(dir.resolve("good.json")).substring(0, 300));
        Files.writeString(dir.resolve("foreign.json"), "[1, 2, 3]");
        Files.writeString(dir.resolve("empty.json"), "");
        Files.copy(dir.resolve("good.json"), dir.resolve("renamed.json"));
        Files.writeString(dir.resolve("notes.txt"), "not a model");

        DirectoryModelStore restarted = new DirectoryModelStore(root);
        assertThat(restarted.all()).extracting(TrainedModel::id).containsExactly("good");
    }

    @Test
    void deleteRemovesTheFile() throws Exception {
        DirectoryModelStore store = new DirectoryModelStore(root);
        store.save(model("doomed", 1));
        assertThat(store.delete("doomed")).isTrue();
        assertThat(store.delete("doomed")).isFalse();
        assertThat(names()).isEmpty();
        assertThat(new DirectoryModelStore(root).all()).isEmpty();
    }

    private Stream<String> namesStream() throws Exception {
        return Files.list(root.resolve("models")).map(p -> p.getFileName().toString());
    }

    private java.util.List<String> names() throws Exception {
        try (Stream<String> s = namesStream()) {
            return s.toList();
        }
    }
}
