package dev.backprop.model;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

import dev.backprop.system.StoreDirectory;

/**
 * Models kept in {@code <directory>/models/<id>.json}, each as its export document, and in memory.
 * Writes go to a temporary file in the same directory, then an atomic rename, so a crash never
 * leaves a half-written model under its real name. At start-up every {@code *.json} file is
 * loaded back; a file that is corrupt, foreign or fails validation is logged at WARN and skipped
 * (left in place for inspection). Reads are served from memory.
 */
class DirectoryModelStore implements ModelStore {

    static final String SUFFIX = ".json";

    private final StoreDirectory<TrainedModel> files;
    private final InMemoryModelStore memory = new InMemoryModelStore();

    DirectoryModelStore(Path root) {
        files = new StoreDirectory<>(root, "models", SUFFIX, TrainedModel::id,
                in -> ModelDocuments.restore(ModelDocuments.read(ModelDocuments.MAPPER.readTree(in))),
                (model, out) -> ModelDocuments.MAPPER.writeValue(out, ModelDocuments.export(model)));
        files.loadAll().forEach(memory::save);
    }

    @Override
    public void save(TrainedModel model) {
        files.write(model);
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
            files.delete(id);
        }
        return existed;
    }
}
