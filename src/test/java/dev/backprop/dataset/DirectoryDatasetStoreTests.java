package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

import dev.backprop.engine.Columns;
import dev.backprop.system.ApiException;

import dev.backprop.system.StorageProperties;

class DirectoryDatasetStoreTests {

    @TempDir
    Path root;

    static Dataset dataset(String id) {
        return new Dataset(id, "name of " + id, List.of(Columns.numeric("a", new double[] {1.5, Math.PI}),
                Columns.numeric("b é", new double[] {-2, 1e-300})),
                new Label("label", null, Columns.categorical("label", List.of("x", "y"), new int[] {1, 0}), 2),
                "ab".repeat(32), Instant.parse("2026-01-02T03:04:05.123456789Z"), false, 2, 0);
    }

    @Test
    void writesAtomicallyAndLoadsBackAtStartUp() throws Exception {
        DirectoryDatasetStore store = new DirectoryDatasetStore(root);
        store.save(dataset("one-abcdef"));
        store.save(dataset("two-abcdef"));

        try (var files = Files.list(root.resolve("datasets"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("one-abcdef.dataset", "two-abcdef.dataset"); // no .tmp left over
        }
        DirectoryDatasetStore restarted = new DirectoryDatasetStore(root);
        assertThat(restarted.count()).isEqualTo(2);
        Dataset loaded = restarted.find("one-abcdef").orElseThrow();
        Dataset original = dataset("one-abcdef");
        assertThat(loaded.name()).isEqualTo(original.name());
        assertThat(loaded.featureNames()).isEqualTo(original.featureNames());
        assertThat(loaded.label().classNames()).isEqualTo(original.label().classNames());
        assertThat(TestData.numbers(loaded.features().get(0))).containsExactly(1.5, Math.PI);
        assertThat(TestData.numbers(loaded.features().get(1))).containsExactly(-2, 1e-300);
        assertThat(TestData.codes(loaded.label().classes())).containsExactly(1, 0);
        assertThat(loaded.sha256()).isEqualTo(original.sha256());
        assertThat(loaded.createdAt()).isEqualTo(original.createdAt());
    }

    @Test
    void skipsCorruptFilesAndKeepsTheRest() throws Exception {
        DirectoryDatasetStore store = new DirectoryDatasetStore(root);
        store.save(dataset("good-abcdef"));
        store.save(dataset("flipped-abcdef"));
        store.save(dataset("short-abcdef"));
        Path dir = root.resolve("datasets");
        byte[] bytes = Files.readAllBytes(dir.resolve("flipped-abcdef.dataset"));
        bytes[bytes.length - 20] ^= 0x01;
        Files.write(dir.resolve("flipped-abcdef.dataset"), bytes);
        byte[] full = Files.readAllBytes(dir.resolve("short-abcdef.dataset"));
        Files.write(dir.resolve("short-abcdef.dataset"), java.util.Arrays.copyOf(full, full.length / 2));
        Files.writeString(dir.resolve("junk.dataset"), "not a dataset");
        Files.copy(dir.resolve("good-abcdef.dataset"), dir.resolve("renamed.dataset"));

        DirectoryDatasetStore restarted = new DirectoryDatasetStore(root);

        assertThat(restarted.all()).extracting(Dataset::id).containsExactly("good-abcdef");
    }

    @Test
    void theConfigurationChoosesTheStoreFromStorageDirectory() {
        DatasetStoreConfiguration configuration = new DatasetStoreConfiguration();
        assertThat(configuration.datasetStore(new StorageProperties(null))).isInstanceOf(InMemoryDatasetStore.class);
        assertThat(configuration.datasetStore(new StorageProperties(root))).isInstanceOf(DirectoryDatasetStore.class);
        assertThat(root.resolve("datasets")).isDirectory();
    }

    @Test
    void aDeleteTheDiskRefusesChangesNothingAndAnswers503() throws Exception {
        DirectoryDatasetStore store = new DirectoryDatasetStore(root);
        store.save(dataset("stuck-abcdef"));
        // running as root ignores file modes, so make the file undeletable another way: a non-empty directory
        Path file = root.resolve("datasets/stuck-abcdef.dataset");
        Files.delete(file);
        Files.createDirectories(file.resolve("inside"));
        ApiException e = catchThrowableOfType(ApiException.class, () -> store.delete("stuck-abcdef"));
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(e.getMessage()).isEqualTo("Dataset 'stuck-abcdef' could not be deleted: the storage directory is"
                + " not writable (backprop.storage.directory); nothing was changed");
        assertThat(store.find("stuck-abcdef")).isPresent();
        assertThat(file).isDirectory();
    }

    @Test
    void aWriteTheDiskRefusesStoresNothingAndAnswers503() throws Exception {
        DirectoryDatasetStore store = new DirectoryDatasetStore(root);
        Files.createDirectories(root.resolve("datasets/blocked-abcdef.dataset/inside"));
        ApiException e = catchThrowableOfType(ApiException.class, () -> store.save(dataset("blocked-abcdef")));
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(store.find("blocked-abcdef")).isEmpty();
        assertThat(store.count()).isZero();
    }

    @Test
    void deleteRemovesTheFile() {
        DirectoryDatasetStore store = new DirectoryDatasetStore(root);
        store.save(dataset("gone-abcdef"));
        assertThat(store.delete("gone-abcdef")).isTrue();
        assertThat(root.resolve("datasets/gone-abcdef.dataset")).doesNotExist();
        assertThat(store.delete("gone-abcdef")).isFalse();
        assertThat(new DirectoryDatasetStore(root).count()).isZero();
    }
}
