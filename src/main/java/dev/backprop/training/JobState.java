package dev.backprop.training;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A job of any kind as the {@code jobs} table holds it: the lifecycle every kind shares (status,
 * attempt, worker, times, error, revision) and, as JSON text, what only its kind reads — its
 * settings ({@code config}), its {@code progress} and what it produced besides a model
 * ({@code result}). Other modules read their own jobs through {@link JobService} in this form.
 *
 * @param kind what the job does: {@value #TRAINING}, or the {@link JobWork#kind()} of another work
 * @param modelName the model a training job creates, or the model a job uses (by name)
 * @param modelId the model a training job created, or the model a job uses (by id)
 * @param attempt how many times a worker has started the job (0 while it waits for the first)
 * @param worker the replica running it (null when not running)
 * @param revision grows with every change, so that event streams know when there is something new
 */
public record JobState(String id, String kind, JobStatus status, String datasetId, String modelName, String modelId,
                       String config, String progress, String result, Instant createdAt, Instant startedAt,
                       Instant finishedAt, String error, int attempt, boolean cancelRequested, String worker,
                       long revision) {

    /** The kind of the training jobs this package runs itself. */
    public static final String TRAINING = "training";

    public JobState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(config, "config");
    }

    /** A new job, waiting for its first worker. */
    public static JobState queued(String id, String kind, String datasetId, String modelName, String modelId,
                                  String config, String progress) {
        return new JobState(id, kind, JobStatus.QUEUED, datasetId, modelName, modelId, config, progress, null,
                Instant.now(), null, null, null, 0, false, null, 0);
    }

    /** Run time so far (or in all, once finished); null before the job started. */
    public Long durationMillis() {
        if (startedAt == null) {
            return null;
        }
        return Duration.between(startedAt, finishedAt != null ? finishedAt : Instant.now()).toMillis();
    }
}
