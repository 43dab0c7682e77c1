package dev.backprop.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.backprop.system.AtomicFiles;

/**
 * Datasets kept in {@code <directory>/datasets/<id>.dataset} and in memory. Writes go to a temporary
 * file in the same directory, then an atomic rename, so a crash never leaves a half-written dataset
 * under its real name. At start-up every file is loaded back; a file that cannot be read is logged
 * and skipped (left in place for inspection). Reads are served from memory.
 */
class DirectoryDatasetStore implements DatasetStore {

    private static final Logger log = LoggerFactory.getLogger(DirectoryDatasetStore.class);
    static final String SUFFIX = ".dataset";

    private final Path directory;
    private final InMemoryDatasetStore memory = new InMemoryDatasetStore();

    DirectoryDatasetStore(Path root) {
        this.directory = root.resolve("datasets");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the dataset directory " + directory, e);
        }
        load();
    }

    private void load() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                    Dataset dataset = DatasetFileFormat.read(in);
                    if (!file.getFileName().toString().equals(dataset.id() + SUFFIX)) {
                        throw new IOException("holds dataset '" + dataset.id() + "', not its file name");
                    }
                    memory.save(dataset);
                } catch (IOException | RuntimeException e) {
                    log.warn("Skipping unreadable dataset file {}: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the dataset directory " + directory, e);
        }
        log.info("Loaded {} dataset(s) from {}", memory.count(), directory);
    }

    @Override
    public void save(Dataset dataset) {
        AtomicFiles.write(file(dataset.id()), "dataset", out -> DatasetFileFormat.write(dataset, out));
        memory.save(dataset);
    }

    @Override
    public Optional<Dataset> find(String id) {
        return memory.find(id);
    }

    @Override
    public List<Dataset> all() {
        return memory.all();
    }

    @Override
    public boolean delete(String id) {
        boolean existed = memory.delete(id);
        if (existed) {
            try {
                Files.deleteIfExists(file(id));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete dataset file " + file(id), e);
            }
        }
        return existed;
    }

    @Override
    public int count() {
        return memory.count();
    }

    private Path file(String id) {
        return directory.resolve(id + SUFFIX);
    }
}
