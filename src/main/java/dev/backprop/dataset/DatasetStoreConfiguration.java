package dev.backprop.dataset;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.backprop.system.StorageProperties;

/** In memory unless {@code backprop.storage.directory} is set. */
@Configuration(proxyBeanMethods = false)
class DatasetStoreConfiguration {

    @Bean
    DatasetStore datasetStore(StorageProperties storage) {
        return storage.persistent() ? new DirectoryDatasetStore(storage.directory()) : new InMemoryDatasetStore();
    }
}
