package dev.backprop.training;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.backprop.model.TrainingSettings;
import dev.backprop.system.Page;
import tools.jackson.databind.json.JsonMapper;

/** {@link JobStore} on the service's database (H2 or PostgreSQL). */
@Repository
class JdbcJobStore implements JobStore {

    private static final String FINAL = "('SUCCEEDED', 'FAILED', 'CANCELLED')";
    private static final String COLUMNS = "id, status, dataset_id, model_name, config, progress, created_at, started_at, "
            + "finished_at, error, model_id, attempt, cancel_requested, worker, revision";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JdbcJobStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void insert(JobRecord job) {
        jdbc.sql("insert into jobs (" + COLUMNS + ", kind) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'training')")
                .params(job.id(), job.status().name(), job.datasetId(), job.modelName(),
                        json.writeValueAsString(job.config()), json.writeValueAsString(job.progress()),
                        ts(job.createdAt()), ts(job.startedAt()), ts(job.finishedAt()), job.error(), job.modelId(),
                        job.attempt(), job.cancelRequested(), job.worker(), job.revision())
                .update();
    }

    @Override
    public Optional<JobRecord> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from jobs where id = ?").param(id).query(this::row).optional();
    }

    @Override
    public Page<JobRecord> page(JobStatus status, Page.Request request) {
        String where = status == null ? "" : " where status = :status";
        JdbcClient.StatementSpec select = jdbc.sql("select " + COLUMNS + " from jobs" + where
                        + " order by created_at desc, id limit :limit offset :offset")
                .param("limit", request.size()).param("offset", request.offset());
        JdbcClient.StatementSpec count = jdbc.sql("select count(*) from jobs" + where);
        if (status != null) {
            select = select.param("status", status.name());
            count = count.param("status", status.name());
        }
        return new Page<>(select.query(this::row).list(), request.page(), request.size(),
                count.query(Long.class).single());
    }

    @Override
    public long count(JobStatus status) {
        return jdbc.sql("select count(*) from jobs where status = ?").param(status.name()).query(Long.class).single();
    }

    @Override
    public Optional<JobRecord> claim(String id, String worker, JobProgress start) {
        int claimed = jdbc.sql("update jobs set status = 'RUNNING', attempt = attempt + 1, started_at = ?, "
                        + "finished_at = null, worker = ?, progress = ?, error = null, revision = revision + 1 "
                        + "where id = ? and status in ('QUEUED', 'RUNNING') and cancel_requested = false")
                .params(ts(Instant.now()), worker, json.writeValueAsString(start), id).update();
        return claimed == 0 ? Optional.empty() : find(id);
    }

    @Override
    public Optional<Boolean> report(String id, int attempt, JobProgress progress) {
        int updated = jdbc.sql("update jobs set progress = ?, revision = revision + 1 "
                        + "where id = ? and attempt = ? and status = 'RUNNING'")
                .params(json.writeValueAsString(progress), id, attempt).update();
        if (updated == 0) {
            return Optional.empty();
        }
        return jdbc.sql("select cancel_requested from jobs where id = ?").param(id).query(Boolean.class).optional();
    }

    @Override
    public boolean finish(String id, int attempt, JobStatus outcome, String error, String modelId, JobProgress progress) {
        return jdbc.sql("update jobs set status = ?, finished_at = ?, error = ?, model_id = ?, "
                        + "progress = coalesce(?, progress), worker = null, revision = revision + 1 "
                        + "where id = ? and attempt = ? and status = 'RUNNING'")
                .params(outcome.name(), ts(Instant.now()), error, modelId,
                        progress == null ? null : json.writeValueAsString(progress), id, attempt)
                .update() > 0;
    }

    @Override
    public boolean requeue(String id, int attempt, JobProgress progress) {
        return jdbc.sql("update jobs set status = 'QUEUED', started_at = null, worker = null, progress = ?, "
                        + "revision = revision + 1 where id = ? and attempt = ? and status = 'RUNNING'")
                .params(json.writeValueAsString(progress), id, attempt).update() > 0;
    }

    @Override
    public CancelOutcome requestCancel(String id) {
        int flagged = jdbc.sql("update jobs set cancel_requested = true, revision = revision + 1 "
                + "where id = ? and status in ('QUEUED', 'RUNNING')").param(id).update();
        if (flagged == 0) {
            return find(id).isPresent() ? CancelOutcome.ALREADY_FINISHED : CancelOutcome.NOT_FOUND;
        }
        return endIfQueued(id, JobStatus.CANCELLED, null) ? CancelOutcome.CANCELLED_WHILE_QUEUED : CancelOutcome.REQUESTED;
    }

    @Override
    public boolean endIfQueued(String id, JobStatus outcome, String error) {
        return jdbc.sql("update jobs set status = ?, finished_at = ?, error = ?, revision = revision + 1 "
                        + "where id = ? and status = 'QUEUED'")
                .params(outcome.name(), ts(Instant.now()), error, id).update() > 0;
    }

    @Override
    public List<String> queuedOn(String datasetId) {
        return jdbc.sql("select id from jobs where dataset_id = ? and status = 'QUEUED'").param(datasetId)
                .query(String.class).list();
    }

    @Override
    public Map<String, Long> revisions(List<String> ids) {
        Map<String, Long> revisions = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("select id, revision from jobs where id in (:ids)").param("ids", ids)
                    .query(rs -> {
                        revisions.put(rs.getString(1), rs.getLong(2));
                    });
        }
        return revisions;
    }

    @Override
    public void trimFinished(int keep) {
        jdbc.sql("delete from jobs where status in " + FINAL + " and id not in (select id from (select id from jobs "
                + "where status in " + FINAL + " order by finished_at desc, id limit ?) kept)").param(keep).update();
    }

    private JobRecord row(ResultSet rs, int n) throws SQLException {
        return new JobRecord(rs.getString("id"), JobStatus.valueOf(rs.getString("status")), rs.getString("dataset_id"),
                rs.getString("model_name"), json.readValue(rs.getString("config"), TrainingSettings.class),
                rs.getString("progress") == null ? null : json.readValue(rs.getString("progress"), JobProgress.class),
                instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"), rs.getString("error"),
                rs.getString("model_id"), rs.getInt("attempt"), rs.getBoolean("cancel_requested"),
                rs.getString("worker"), rs.getLong("revision"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
