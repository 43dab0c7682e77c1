package dev.backprop;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A fresh, migrated embedded database for tests below the Spring context: the same H2 settings
 * and Flyway migrations as the service's default store.
 */
public record TestDatabase(DataSource dataSource, JdbcClient jdbc, TransactionTemplate tx) {

    public static TestDatabase h2() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:test-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        Flyway.configure().dataSource(dataSource).load().migrate();
        return new TestDatabase(dataSource, JdbcClient.create(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }
}
