package dev.backprop.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.backprop.system.StoreDirectory;

/**
 * Datasets kept in {@code <directory>/datasets/<id>.dataset} and in memory. Writes go to a temporary
 * file in the same directory, then an atomic rename, so a crash never leaves a half-written dataset
 * under its real name. At start-up every file is loaded back ({@link DatasetCodec}: typed columns,
 * version 1 files as numeric ones); a file that cannot be read is logged and skipped (left in place
 * for inspection). Reads are served from memory.
 */
class DirectoryDatasetStore implements DatasetStore {

    static final String SUFFIX = ".dataset";

    private final StoreDirectory<Dataset> files;
    private final InMemoryDatasetStore memory = new InMemoryDatasetStore();

    DirectoryDatasetStore(Path root) {
        files = new StoreDirectory<>(root, "datasets", SUFFIX, Dataset::id, DatasetCodec::read,
                DatasetCodec::write);
        files.loadAll().forEach(memory::save);
    }

    @Override
    public void save(Dataset dataset) {
        files.write(dataset);
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
            files.delete(id);
        }
        return existed;
    }

    @Override
    public int count() {
        return memory.count();
    }
}
