package dev.backprop.training;

import java.time.Instant;

import dev.backprop.model.TrainingSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * A training job as the database holds it, its settings and progress read. Workers change it only
 * under their own {@code attempt}, so a worker that was presumed dead (and whose job another
 * replica re-ran) cannot overwrite the newer run.
 *
 * @param attempt how many times a worker has started this job (0 while it waits for the first)
 * @param worker the replica running it (null when not running)
 * @param revision grows with every change, so that event streams know when there is something new
 */
record JobRecord(String id, JobStatus status, String datasetId, String modelName, TrainingSettings config,
                 JobProgress progress, Instant createdAt, Instant startedAt, Instant finishedAt, String error,
                 String modelId, int attempt, boolean cancelRequested, String worker, long revision, Long durationMillis) {

    /** @throws IllegalArgumentException for a job of another kind */
    static JobRecord of(JobState job, JsonMapper json) {
        if (!JobState.TRAINING.equals(job.kind())) {
            throw new IllegalArgumentException("job " + job.id() + " is a " + job.kind() + " job, not a training job");
        }
        return new JobRecord(job.id(), job.status(), job.datasetId(), job.modelName(),
                json.readValue(job.config(), TrainingSettings.class),
                job.progress() == null ? null : json.readValue(job.progress(), JobProgress.class), job.createdAt(),
                job.startedAt(), job.finishedAt(), job.error(), job.modelId(), job.attempt(), job.cancelRequested(),
                job.worker(), job.revision(), job.durationMillis());
    }

    JobView view() {
        return new JobView(id, status, datasetId, modelName, config, progress, createdAt, startedAt, finishedAt,
                durationMillis, error, modelId, attempt, worker);
    }
}
