package dev.backprop.dataset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.backprop.TestDatabase;
import tools.jackson.databind.json.JsonMapper;

/** The real dataset store on a fresh embedded database, for web-layer slices that have no DataSource. */
@TestConfiguration(proxyBeanMethods = false)
class TestDatasetStore {

    @Bean
    JdbcDatasetStore datasetStore(JsonMapper json) {
        TestDatabase db = TestDatabase.h2();
        return new JdbcDatasetStore(db.jdbc(), db.tx(), json);
    }
}
