package dev.backprop.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.backprop.EmbeddedPostgresServer;
import dev.backprop.dataset.Dataset;
import dev.backprop.engine.NetworkModel;
import dev.backprop.system.ChunkedBlobs;

/**
 * Batch-scoring throughput, 1 000 000 rows × 20 columns (18 numeric, 2 categorical, plus a label
 * of three classes) through a 46-32-3 network, phase by phase: scoring and CSV text alone; with
 * gzip at the level the storage applies and at the default one; into the result tables of an embedded H2 file and of PostgreSQL (what a
 * job does); and the stored result read back. Prints rows per second by wall clock and by the
 * scoring thread's CPU time (which other load on the machine disturbs least). Figures, not
 * assertions: {@code ./mvnw -B -ntp test -Dtest=ScoringBenchmark -Dtest.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dscoring.rows=…} for another size).
 */
@Tag("benchmark")
class ScoringBenchmark {

    private static final int ROWS = Integer.getInteger("scoring.rows", 1_000_000);
    private static final int COLUMNS = 20;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Dataset dataset = GeneratedDataset.of(ROWS, COLUMNS);
    private final NetworkModel model = GeneratedDataset.model(COLUMNS, 32);

    private BatchScorer scorer() {
        return new BatchScorer("model 'generated' v1", model, "class", dataset, 4096);
    }

    @Test
    void throughput(@TempDir Path dir) throws Exception {
        // a first pass at a tenth of the size, so that the JIT has compiled the loops measured next
        new BatchScorer("warm-up", model, "class", GeneratedDataset.of(ROWS / 10, COLUMNS), 4096)
                .score(OutputStream.nullOutputStream(), done -> { });

        measure("score + CSV text", () -> scorer().score(OutputStream.nullOutputStream(), done -> { }));
        for (int level : new int[] {Deflater.BEST_SPEED, Deflater.DEFAULT_COMPRESSION}) {
            long[] size = new long[1];
            measure("score + CSV + gzip " + (level == Deflater.BEST_SPEED ? "1 (stored)" : "6"), () -> {
                OutputStream counting = new OutputStream() {
                    @Override
                    public void write(int b) {
                        size[0]++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        size[0] += len;
                    }
                };
                try (GZIPOutputStream gzip = new GZIPOutputStream(counting, 64 * 1024) {
                    {
                        def.setLevel(level);
                    }
                }) {
                    scorer().score(gzip, done -> { });
                }
            });
            System.out.printf("  compressed: %.1f MB%n", size[0] / 1e6);
        }
        ScoringResults h2 = results(new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("bench").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", ""));
        measure("score + store, H2 file", () -> store(h2));
        measure("read back, H2 file", () -> readBack(h2));
        ScoringResults pg = results(new DriverManagerDataSource(EmbeddedPostgresServer.newDatabase(), "postgres",
                "postgres"));
        measure("score + store, PostgreSQL", () -> store(pg));
        measure("read back, PostgreSQL", () -> readBack(pg));
    }

    private static ScoringResults results(DataSource db) {
        Flyway.configure().dataSource(db).load().migrate();
        JdbcClient jdbc = JdbcClient.create(db);
        jdbc.sql("insert into jobs (id, kind, status, dataset_id, config, created_at, attempt, cancel_requested, revision) "
                + "values ('bench', 'scoring', 'RUNNING', 'generated', '{}', ?, 1, false, 0)")
                .param(Timestamp.from(Instant.now())).update();
        return new ScoringResults(jdbc);
    }

    private void store(ScoringResults results) {
        BatchScorer scorer = scorer();
        String id = results.begin("bench", 1);
        ChunkedBlobs.Content content = results.write(id, out -> scorer.score(out, done -> { }));
        results.complete(id, content);
        System.out.printf("  result: %.0f MB of CSV%n", content.bytes() / 1e6);
    }

    private static void readBack(ScoringResults results) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = results.open(results.find("bench", 1).orElseThrow())) {
            while (in.read(buffer) > 0) {
                // every byte is decompressed and checked against the SHA-256
            }
        }
    }

    private interface Phase {
        void run() throws Exception;
    }

    private static void measure(String name, Phase phase) throws Exception {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        phase.run();
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf("scoring benchmark: %-28s %,9d rows  wall %6.2f s = %,8.0f rows/s   cpu %6.2f s = %,8.0f rows/s%n",
                name, ROWS, wallSeconds, ROWS / wallSeconds, cpuSeconds, ROWS / cpuSeconds);
    }
}
