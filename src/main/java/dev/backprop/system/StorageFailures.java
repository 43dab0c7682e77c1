package dev.backprop.system;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.HttpStatus;

/**
 * Names what went wrong when the store refused a write or a read, so that the client hears
 * "storage full" or "not writable" (and can retry later) rather than a bare 500. Works from the
 * SQL state and message the database reports, for PostgreSQL and embedded H2 alike.
 */
public final class StorageFailures {

    private StorageFailures() {
    }

    /** What the client is told: a problem type and a detail in the API's words. */
    public record StorageProblem(ProblemType type, String detail, long retryAfterSeconds) {

        public HttpStatus status() {
            return type.status();
        }

        public String title() {
            return type.title();
        }
    }

    /** The storage problem behind {@code failure}, if it is one. */
    public static Optional<StorageProblem> classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            String state = t instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "";
            int code = t instanceof SQLException sql ? sql.getErrorCode() : 0;
            if (state.equals("53100") || message.contains("no space left on device") || message.contains("disk full")) {
                return Optional.of(new StorageProblem(ProblemType.STORAGE_FULL,
                        "The store is full (no space left on its disk); nothing was changed. Free space or delete "
                                + "datasets and models you no longer need, then retry", 0));
            }
            if (state.equals("25006") || code == 90097 || message.contains("read-only file system")
                    || message.contains("database is read only") || message.contains("read-only transaction")) {
                return Optional.of(new StorageProblem(ProblemType.STORE_NOT_WRITABLE,
                        "The store is not writable right now (read-only); nothing was changed. Retry once it is "
                                + "writable again", 30));
            }
            if (state.startsWith("08") || t instanceof org.springframework.jdbc.CannotGetJdbcConnectionException) {
                return Optional.of(new StorageProblem(ProblemType.DATABASE_UNAVAILABLE,
                        "The database cannot be reached right now; nothing was changed. Retry shortly", 5));
            }
        }
        return Optional.empty();
    }
}
