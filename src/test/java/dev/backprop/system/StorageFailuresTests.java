package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.UncategorizedSQLException;

class StorageFailuresTests {

    @Test
    void aFullDiskIs507() {
        var pg = new UncategorizedSQLException("insert", "insert into …", new SQLException("could not extend file", "53100"));
        var h2 = new DataAccessResourceFailureException("write failed",
                new SQLException("IO Exception", "90028", new IOException("No space left on device")));
        for (Exception e : new Exception[] {pg, h2}) {
            assertThat(StorageFailures.classify(e)).get().extracting(StorageFailures.StorageProblem::status)
                    .isEqualTo(HttpStatus.INSUFFICIENT_STORAGE);
        }
    }

    @Test
    void aReadOnlyStoreIs503() {
        var pg = new UncategorizedSQLException("delete", "delete …",
                new SQLException("cannot execute DELETE in a read-only transaction", "25006"));
        var h2 = new UncategorizedSQLException("delete", "delete …", new SQLException("The database is read only", "HY000", 90097));
        for (Exception e : new Exception[] {pg, h2}) {
            var problem = StorageFailures.classify(e).orElseThrow();
            assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(problem.detail()).contains("not writable").contains("nothing was changed");
            assertThat(problem.retryAfterSeconds()).isPositive();
        }
    }

    @Test
    void otherFailuresAreNotStorageProblems() {
        assertThat(StorageFailures.classify(new IllegalStateException("bug"))).isEmpty();
        assertThat(StorageFailures.classify(new UncategorizedSQLException("x", "x", new SQLException("syntax", "42601"))))
                .isEmpty();
    }
}
