package dev.backprop.dataset;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.backprop.system.LegacyFiles;
import dev.backprop.system.StorageProperties;

/**
 * Datasets an earlier version kept as files under the storage directory join the database at
 * start-up, before anything else runs, with their ids and times.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class LegacyDatasetFiles implements ApplicationRunner {

    private final StorageProperties storage;
    private final DatasetStore store;

    LegacyDatasetFiles(StorageProperties storage, DatasetStore store) {
        this.storage = storage;
        this.store = store;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (storage.persistent()) {
            LegacyFiles.importAll(storage.directory(), "datasets", ".dataset", (in, length) -> {
                Dataset dataset = DatasetCodec.read(in, length);
                if (store.summary(dataset.id()).isEmpty()) {
                    store.save(dataset, DatasetSummary.of(dataset));
                }
            });
        }
    }
}
