package dev.backprop.system;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * One JDBC code path for every mode: when {@code spring.datasource.url} is not set, the service
 * uses an embedded H2 database (in PostgreSQL mode, so that the same SQL runs on both) — a file
 * {@code backprop.mv.db} under {@code backprop.storage.directory} when that is set, else a private
 * in-memory database (a fresh name per start, so that two applications in one JVM never share it).
 * Set {@code spring.datasource.url} to a PostgreSQL URL and every replica shares that database.
 */
public class DatabaseDefaults implements EnvironmentPostProcessor {

    /**
     * PostgreSQL's dialect and null ordering, so that one set of SQL runs on both; and a cache of parsed
     * statements larger than H2's 8 per connection, which the service's few dozen statements overflowed,
     * so that a job's submission, claim and progress reports were parsed again each time.
     */
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;QUERY_CACHE_SIZE=128";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
            return;
        }
        String directory = environment.getProperty("backprop.storage.directory");
        String url = StringUtils.hasText(directory)
                ? "jdbc:h2:file:" + Path.of(directory).toAbsolutePath().resolve("backprop") + H2_OPTIONS
                        + ";CACHE_SIZE=" + fileCacheKb(Runtime.getRuntime().maxMemory())
                : "jdbc:h2:mem:backprop-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + H2_OPTIONS;
        // lowest precedence: anything the operator sets still wins
        environment.getPropertySources().addLast(new MapPropertySource("backprop-database-defaults",
                Map.of("spring.datasource.url", url, "spring.datasource.username", "sa",
                        "spring.datasource.password", "")));
    }

    /**
     * H2's page cache for a file database, in KB: its default 16 MB, but at most 1/32 of the heap,
     * since the service's memory budgets (docs/operations.md#memory) leave little beside them on a
     * small heap — at -Xmx256m the default cache and a cached dataset ran the third large upload
     * out of memory.
     */
    static long fileCacheKb(long maxHeap) {
        return Math.max(1024, Math.min(16 * 1024, maxHeap / 32 / 1024));
    }

    /** Whether the configured database forgets everything when the process ends. */
    public static boolean inMemory(String url) {
        return url != null && url.startsWith("jdbc:h2:mem:");
    }
}
