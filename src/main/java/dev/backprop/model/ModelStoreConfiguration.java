package dev.backprop.model;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.backprop.system.StorageProperties;

/** In memory unless {@code backprop.storage.directory} is set. */
@Configuration(proxyBeanMethods = false)
class ModelStoreConfiguration {

    @Bean
    ModelStore modelStore(StorageProperties storage) {
        return storage.persistent() ? new DirectoryModelStore(storage.directory()) : new InMemoryModelStore();
    }
}
