package dev.backprop.scoring;

import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.backprop.HeapSampler;
import dev.backprop.dataset.Dataset;
import dev.backprop.engine.NetworkModel;
import dev.backprop.system.ChunkedBlobs;

/**
 * One large scoring through the code a scoring job runs — {@link BatchScorer} writing into
 * {@link ScoringResults} — then the result streamed back and counted, line by line. Run as
 * {@code main} in a child JVM so that its {@code -Xmx} is the one under test; prints one line
 * {@code OK …} with the figures (rows per second for scoring + storing, and for reading back).
 *
 * <p>Arguments: a directory (for an embedded H2 database file there, as a service with a storage
 * directory keeps it) or a PostgreSQL JDBC URL (user and password postgres), rows, columns, hidden units.
 */
public final class LargeScoring {

    private LargeScoring() {
    }

    public static void main(String[] args) throws Exception {
        boolean postgres = args[0].startsWith("jdbc:postgresql:");
        Path dir = postgres ? null : Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        int columns = Integer.parseInt(args[2]);
        int hidden = Integer.parseInt(args[3]);
        DriverManagerDataSource db = postgres ? new DriverManagerDataSource(args[0], "postgres", "postgres")
                : new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("scoring").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        Flyway.configure().dataSource(db).load().migrate();
        JdbcClient jdbc = JdbcClient.create(db);
        jdbc.sql("insert into jobs (id, kind, status, dataset_id, config, created_at, attempt, cancel_requested, revision) "
                + "values ('large', 'scoring', 'RUNNING', 'generated', '{}', ?, 1, false, 0)")
                .param(Timestamp.from(Instant.now())).update();
        ScoringResults results = new ScoringResults(jdbc);
        Dataset dataset = GeneratedDataset.of(rows, columns);
        NetworkModel model = GeneratedDataset.model(columns, hidden);
        BatchScorer scorer = new BatchScorer("model 'generated' v1", model, "class", dataset, 4096);

        HeapSampler sampler = HeapSampler.start();
        long started = System.nanoTime();
        String id = results.begin("large", 1);
        BatchScorer.Summary[] summary = new BatchScorer.Summary[1];
        ChunkedBlobs.Content content = results.write(id, out -> summary[0] = scorer.score(out, done -> { }));
        results.complete(id, content);
        double scoreSeconds = (System.nanoTime() - started) / 1e9;

        long readStarted = System.nanoTime();
        long lines = 0;
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = results.open(results.find("large", 1).orElseThrow())) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
            }
        }
        double readSeconds = (System.nanoTime() - readStarted) / 1e9;
        long peak = sampler.stop();
        long stored = jdbc.sql("select stored_bytes from scoring_results where id = ?").param(id).query(Long.class)
                .single();
        System.out.printf("OK rows=%d columns=%d lines=%d csvBytes=%d storedBytes=%d peakHeapMB=%.0f maxHeapMB=%.0f"
                        + " score=%.2fs scoreRowsPerSecond=%.0f read=%.2fs readRowsPerSecond=%.0f accuracy=%.3f"
                        + " rowsWithWarnings=%d database=%s%n",
                rows, columns, lines, bytes, stored, peak / 1e6, Runtime.getRuntime().maxMemory() / 1e6, scoreSeconds,
                rows / scoreSeconds, readSeconds, rows / readSeconds, summary[0].metrics().accuracy(),
                summary[0].rowsWithWarnings(), postgres ? "postgresql" : "h2-file");
    }
}
