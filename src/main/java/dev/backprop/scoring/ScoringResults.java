package dev.backprop.scoring;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.backprop.system.ChunkedBlobs;

/**
 * The result CSVs of scorings, in the database beside their jobs: one row per attempt that wrote
 * one ({@code <job id>/<attempt>}), the CSV gzip-compressed in chunks of 256 KB ({@link ChunkedBlobs})
 * that are inserted — and committed — one by one as the scoring writes them, so that neither the
 * service nor the database holds a result whole or in one long transaction. A result counts once
 * its length and checksum are set, which commits with the job's success; deleting a job deletes
 * its results (foreign keys with cascade).
 */
@Repository
class ScoringResults {

    private static final String FINAL = "('SUCCEEDED', 'FAILED', 'CANCELLED')";

    private final JdbcClient jdbc;
    private final ChunkedBlobs chunks;

    ScoringResults(JdbcClient jdbc) {
        this.jdbc = jdbc;
        // the fastest level: on 1 000 000 scored rows it costs a sixth of the default level's CPU time for
        // 14 % more bytes (2.4× smaller than the CSV; docs/interop.md, "Batch scoring")
        this.chunks = ChunkedBlobs.gzipped(jdbc, "scoring_result_chunks", "result_id", Deflater.BEST_SPEED);
    }

    /** A complete result. */
    record Stored(String id, ChunkedBlobs.Content content) {
    }

    /** A finished scoring and what its result takes in the database. */
    record Kept(String jobId, long storedBytes) {
    }

    /**
     * Starts the result of a job's attempt, after removing whatever earlier attempts left (a dead
     * worker's partial chunks; a worker that was only presumed dead then fails its next insert).
     *
     * @return the result's id, for {@link #write}
     */
    String begin(String jobId, int attempt) {
        jdbc.sql("delete from scoring_results where job_id = ?").param(jobId).update();
        String id = jobId + "/" + attempt;
        jdbc.sql("insert into scoring_results (id, job_id, attempt) values (?, ?, ?)").params(id, jobId, attempt)
                .update();
        return id;
    }

    /** Stores the CSV {@code writer} produces, chunk by chunk, each chunk committed on its own. */
    ChunkedBlobs.Content write(String resultId, ChunkedBlobs.Writer writer) {
        return chunks.write(resultId, writer);
    }

    /** Marks the result complete; meant for the transaction that ends the job. */
    void complete(String resultId, ChunkedBlobs.Content content) {
        jdbc.sql("update scoring_results set content_bytes = ?, content_sha256 = ?, stored_bytes = (select "
                        + "coalesce(sum(octet_length(data)), 0) from scoring_result_chunks where result_id = ?) where id = ?")
                .params(content.bytes(), content.sha256(), resultId, resultId).update();
    }

    /** Removes an attempt's result, complete or not. */
    void discard(String resultId) {
        jdbc.sql("delete from scoring_results where id = ?").param(resultId).update();
    }

    /** The complete result of the job's attempt, if there is one. */
    Optional<Stored> find(String jobId, int attempt) {
        return jdbc.sql("select id, content_bytes, content_sha256 from scoring_results where job_id = ? and attempt = ? "
                        + "and content_bytes is not null").params(jobId, attempt)
                .query((rs, n) -> new Stored(rs.getString(1), new ChunkedBlobs.Content(rs.getLong(2), rs.getString(3))))
                .optional();
    }

    /** The CSV, decompressed and checked against its length and SHA-256 as it is read. */
    InputStream open(Stored stored) {
        return chunks.read(stored.id(), stored.content());
    }

    /** The finished scorings, newest first, with what their results take. */
    List<Kept> kept() {
        return jdbc.sql("select j.id, coalesce(r.stored_bytes, 0) from jobs j left join scoring_results r on r.job_id = j.id "
                        + "and r.content_bytes is not null where j.kind = ? and j.status in " + FINAL
                        + " order by j.finished_at desc, j.id")
                .param(ScoringService.KIND).query((rs, n) -> new Kept(rs.getString(1), rs.getLong(2))).list();
    }
}
