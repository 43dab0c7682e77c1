package dev.backprop.model;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ModelStoreConfiguration {

    @Bean
    ModelStore modelStore() {
        return new InMemoryModelStore();
    }
}
