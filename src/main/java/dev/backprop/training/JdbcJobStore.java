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

import dev.backprop.system.Page;
import tools.jackson.databind.json.JsonMapper;

/** {@link JobStore} on the service's database (H2 or PostgreSQL). */
@Repository
class JdbcJobStore implements JobStore {

    private static final String FINAL = "('SUCCEEDED', 'FAILED', 'CANCELLED')";
    private static final String COLUMNS = "id, kind, status, dataset_id, model_name, model_id, config, progress, result, "
            + "created_at, started_at, finished_at, error, attempt, cancel_requested, worker, revision";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JdbcJobStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void insert(JobState job) {
        jdbc.sql("insert into jobs (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(job.id(), job.kind(), job.status().name(), job.datasetId(), job.modelName(), job.modelId(),
                        job.config(), job.progress(), job.result(), ts(job.createdAt()), ts(job.startedAt()),
                        ts(job.finishedAt()), job.error(), job.attempt(), job.cancelRequested(), job.worker(),
                        job.revision())
                .update();
    }

    @Override
    public Optional<JobState> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from jobs where id = ?").param(id).query(this::row).optional();
    }

    @Override
    public Page<JobState> page(String kind, String model, JobStatus status, Page.Request request) {
        String where = " where kind = :kind" + (status == null ? "" : " and status = :status")
                + (model == null ? "" : " and (model_name = :model or model_id = :model)");
        JdbcClient.StatementSpec select = jdbc.sql("select " + COLUMNS + " from jobs" + where
                        + " order by created_at desc, id limit :limit offset :offset")
                .param("kind", kind).param("limit", request.size()).param("offset", request.offset());
        JdbcClient.StatementSpec count = jdbc.sql("select count(*) from jobs" + where).param("kind", kind);
        if (status != null) {
            select = select.param("status", status.name());
            count = count.param("status", status.name());
        }
        if (model != null) {
            select = select.param("model", model);
            count = count.param("model", model);
        }
        return new Page<>(select.query(this::row).list(), request.page(), request.size(),
                count.query(Long.class).single());
    }

    @Override
    public long count(JobStatus status) {
        return jdbc.sql("select count(*) from jobs where status = ?").param(status.name()).query(Long.class).single();
    }

    @Override
    public Optional<JobState> claim(String id, String worker, Object start) {
        int claimed = jdbc.sql("update jobs set status = 'RUNNING', attempt = attempt + 1, started_at = ?, "
                        + "finished_at = null, worker = ?, progress = ?, error = null, revision = revision + 1 "
                        + "where id = ? and status in ('QUEUED', 'RUNNING') and cancel_requested = false")
                .params(ts(Instant.now()), worker, text(start), id).update();
        return claimed == 0 ? Optional.empty() : find(id);
    }

    @Override
    public Optional<Boolean> report(String id, int attempt, Object progress) {
        int updated = jdbc.sql("update jobs set progress = ?, revision = revision + 1 "
                        + "where id = ? and attempt = ? and status = 'RUNNING'")
                .params(text(progress), id, attempt).update();
        if (updated == 0) {
            return Optional.empty();
        }
        return jdbc.sql("select cancel_requested from jobs where id = ?").param(id).query(Boolean.class).optional();
    }

    @Override
    public boolean finish(String id, int attempt, JobStatus outcome, String error, String modelId, Object progress,
                          Object result) {
        return jdbc.sql("update jobs set status = ?, finished_at = ?, error = ?, model_id = coalesce(?, model_id), "
                        + "progress = coalesce(?, progress), result = coalesce(?, result), worker = null, "
                        + "revision = revision + 1 where id = ? and attempt = ? and status = 'RUNNING'")
                .params(outcome.name(), ts(Instant.now()), error, modelId, text(progress), text(result), id, attempt)
                .update() > 0;
    }

    @Override
    public boolean requeue(String id, int attempt, Object progress) {
        return jdbc.sql("update jobs set status = 'QUEUED', started_at = null, worker = null, progress = ?, "
                        + "revision = revision + 1 where id = ? and attempt = ? and status = 'RUNNING'")
                .params(text(progress), id, attempt).update() > 0;
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
    public void trimFinished(String kind, int keep) {
        // the first job beyond the kept ones, then a delete of it and every older one: one sort and one
        // range delete per submission. A "not in (the kept ones)" delete made H2 compare every finished job
        // with the kept set, two thirds of a submission's time once the limit was reached
        List<Object[]> first = jdbc.sql("select finished_at, id from jobs where kind = ? and status in " + FINAL
                        + " order by finished_at desc, id limit 1 offset ?").params(kind, keep)
                .query((rs, n) -> new Object[] {rs.getTimestamp(1), rs.getString(2)}).list();
        if (first.isEmpty()) {
            return;
        }
        Timestamp at = (Timestamp) first.get(0)[0];
        jdbc.sql("delete from jobs where kind = ? and status in " + FINAL
                        + " and (finished_at < ? or (finished_at = ? and id >= ?))")
                .params(kind, at, at, first.get(0)[1]).update();
    }

    @Override
    public boolean forgetFinished(String id) {
        return jdbc.sql("delete from jobs where id = ? and status in " + FINAL).param(id).update() > 0;
    }

    private String text(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    private JobState row(ResultSet rs, int n) throws SQLException {
        return new JobState(rs.getString("id"), rs.getString("kind"), JobStatus.valueOf(rs.getString("status")),
                rs.getString("dataset_id"), rs.getString("model_name"), rs.getString("model_id"),
                rs.getString("config"), rs.getString("progress"), rs.getString("result"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"), rs.getString("error"), rs.getInt("attempt"),
                rs.getBoolean("cancel_requested"), rs.getString("worker"), rs.getLong("revision"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
