package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.backprop.EmbeddedPostgresServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link JdbcJobStore#trimFinished} on both databases the service runs on: it keeps the newest finished
 * jobs of the kind (newest first, ties by id), forgets the rest, and leaves unfinished jobs and other
 * kinds alone.
 */
class TrimFinishedJobsTests {

    private static DataSource database(String vendor) {
        DataSource source = vendor.equals("postgresql")
                ? new DriverManagerDataSource(EmbeddedPostgresServer.newDatabase(), "postgres", "postgres")
                : new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(source).load().migrate();
        return source;
    }

    private static JobState job(String id, String kind, JobStatus status, Instant finished) {
        Instant created = Instant.parse("2026-12-01T10:00:00Z");
        return new JobState(id, kind, status, "iris", "m", null, "{}", null, null, created,
                finished == null ? null : created, finished, null, 1, false, null, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void keepsTheNewestFinishedJobsOfTheKind(String vendor) {
        JdbcClient jdbc = JdbcClient.create(database(vendor));
        JdbcJobStore store = new JdbcJobStore(jdbc, JsonMapper.builder().build());
        Instant t = Instant.parse("2026-12-01T12:00:00Z");
        store.insert(job("a", "training", JobStatus.SUCCEEDED, t.plusSeconds(1)));
        store.insert(job("b", "training", JobStatus.FAILED, t.plusSeconds(2)));
        // a tie on the finish time: the smaller id counts as newer
        store.insert(job("c2", "training", JobStatus.CANCELLED, t.plusSeconds(3)));
        store.insert(job("c1", "training", JobStatus.SUCCEEDED, t.plusSeconds(3)));
        store.insert(job("d", "training", JobStatus.SUCCEEDED, t.plusSeconds(4)));
        store.insert(job("running", "training", JobStatus.RUNNING, null));
        store.insert(job("other", "scoring", JobStatus.SUCCEEDED, t));

        store.trimFinished("training", 10);
        assertThat(ids(jdbc)).containsExactly("a", "b", "c1", "c2", "d", "other", "running");

        store.trimFinished("training", 3);
        assertThat(ids(jdbc)).containsExactly("c1", "c2", "d", "other", "running");

        // the cut falls inside the tie
        store.trimFinished("training", 2);
        assertThat(ids(jdbc)).containsExactly("c1", "d", "other", "running");

        store.trimFinished("training", 0);
        assertThat(ids(jdbc)).containsExactly("other", "running");
    }

    private static List<String> ids(JdbcClient jdbc) {
        return jdbc.sql("select id from jobs order by id").query(String.class).list();
    }
}
