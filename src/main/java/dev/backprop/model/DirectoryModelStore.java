package dev.backprop.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.backprop.system.AtomicFiles;

/**
 * Models kept in {@code <directory>/models/<id>.json}, each as its export document, and in memory.
 * Writes go to a temporary file in the same directory, then an atomic rename, so a crash never
 * leaves a half-written model under its real name. At start-up every {@code *.json} file is
 * loaded back; a file that is corrupt, foreign or fails validation is logged at WARN and skipped
 * (left in place for inspection). Reads are served from memory.
 */
class DirectoryModelStore implements ModelStore {

    private static final Logger log = LoggerFactory.getLogger(DirectoryModelStore.class);
    static final String SUFFIX = ".json";

    private final Path directory;
    private final InMemoryModelStore memory = new InMemoryModelStore();

    DirectoryModelStore(Path root) {
        this.directory = root.resolve("models");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the model directory " + directory, e);
        }
        load();
    }

    private void load() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    TrainedModel model = ModelDocuments.restore(ModelDocuments.read(
                            ModelDocuments.MAPPER.readTree(file.toFile())));
                    if (!file.getFileName().toString().equals(model.id() + SUFFIX)) {
                        throw new IOException("holds model '" + model.id() + "', not its file name");
                    }
                    memory.save(model);
                } catch (IOException | RuntimeException e) {
                    log.warn("Skipping unreadable model file {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the model directory " + directory, e);
        }
        log.info("Loaded {} model(s) from {}", memory.all().size(), directory);
    }

    @Override
    public void save(TrainedModel model) {
        AtomicFiles.write(file(model.id()), "model", out -> ModelDocuments.MAPPER.writeValue(out, ModelDocuments.export(model)));
        memory.save(model);
    }

    @Override
    public Optional<TrainedModel> find(String id) {
        return memory.find(id);
    }

    @Override
    public Collection<TrainedModel> all() {
        return memory.all();
    }

    @Override
    public boolean delete(String id) {
        boolean existed = memory.delete(id);
        if (existed) {
            try {
                Files.deleteIfExists(file(id));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete model file " + file(id), e);
            }
        }
        return existed;
    }

    private Path file(String id) {
        return directory.resolve(id + SUFFIX);
    }
}
