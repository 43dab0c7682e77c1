package dev.backprop.dataset;

import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import dev.backprop.system.ApiException;
import dev.backprop.system.StoreDirectory;

/**
 * Datasets kept in {@code <directory>/datasets/<id>.dataset} and in memory. Writes go to a temporary
 * file in the same directory, then an atomic rename, so a crash never leaves a half-written dataset
 * under its real name. At start-up every file is loaded back ({@link DatasetCodec}: typed columns,
 * version 1 files as numeric ones); a file that cannot be read is logged and skipped (left in place
 * for inspection). Reads are served from memory.
 *
 * <p>All or nothing: memory changes only after the disk did. A write or delete the disk refuses
 * leaves the store as it was and answers 507 (disk full) or 503 (not writable) naming the dataset,
 * rather than a 500 or, worse, a delete that comes back after a restart.
 */
class DirectoryDatasetStore implements DatasetStore {

    static final String SUFFIX = ".dataset";

    private static final Logger log = LoggerFactory.getLogger(DirectoryDatasetStore.class);

    private final StoreDirectory<Dataset> files;
    private final InMemoryDatasetStore memory = new InMemoryDatasetStore();

    DirectoryDatasetStore(Path root) {
        files = new StoreDirectory<>(root, "datasets", SUFFIX, Dataset::id, DatasetCodec::read,
                DatasetCodec::write);
        files.loadAll().forEach(memory::save);
    }

    @Override
    public void save(Dataset dataset) {
        try {
            files.write(dataset);
        } catch (UncheckedIOException e) {
            throw storageFailure("stored", dataset.id(), e);
        }
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
        if (memory.find(id).isEmpty()) {
            return false;
        }
        try {
            files.delete(id);
        } catch (UncheckedIOException e) {
            throw storageFailure("deleted", id, e);
        }
        return memory.delete(id);
    }

    @Override
    public int count() {
        return memory.count();
    }

    private static ApiException storageFailure(String done, String id, UncheckedIOException e) {
        log.warn("Dataset '{}' could not be {}: {}", id, done, e.getMessage(), e.getCause());
        boolean full = false;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String reason = cause instanceof FileSystemException fs ? fs.getReason() : cause.getMessage();
            full |= reason != null && reason.contains("No space left");
        }
        HttpStatus status = full ? HttpStatus.INSUFFICIENT_STORAGE : HttpStatus.SERVICE_UNAVAILABLE;
        return new ApiException(status, full ? "Storage full" : "Storage unavailable", "Dataset '" + id
                + "' could not be " + done + ": the storage directory is " + (full ? "full" : "not writable")
                + " (backprop.storage.directory); nothing was changed").with("id", id);
    }
}
