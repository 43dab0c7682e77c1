package dev.backprop.model;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.backprop.system.LegacyFiles;
import dev.backprop.system.StorageProperties;

/**
 * Models an earlier version kept as files under the storage directory join the database at
 * start-up, before anything else runs, with their ids, versions and times.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class LegacyModelFiles implements ApplicationRunner {

    private final StorageProperties storage;
    private final ModelRegistry models;

    LegacyModelFiles(StorageProperties storage, ModelRegistry models) {
        this.storage = storage;
        this.models = models;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (storage.persistent()) {
            LegacyFiles.importAll(storage.directory(), "models", ".json",
                    (in, length) -> models.restore(ModelDocuments.read(ModelDocuments.MAPPER.readTree(in))));
        }
    }
}
