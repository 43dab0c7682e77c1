package dev.backprop.training;

import java.time.Duration;
import java.time.Instant;

import dev.backprop.model.TrainingSettings;

/**
 * A job as the database holds it. Workers change it only under their own {@code attempt}, so a
 * worker that was presumed dead (and whose job another replica re-ran) cannot overwrite the newer run.
 *
 * @param attempt how many times a worker has started this job (0 while it waits for the first)
 * @param worker the replica running it (null when not running)
 * @param revision grows with every change, so that event streams know when there is something new
 */
record JobRecord(String id, JobStatus status, String datasetId, String modelName, TrainingSettings config,
                 JobProgress progress, Instant createdAt, Instant startedAt, Instant finishedAt, String error,
                 String modelId, int attempt, boolean cancelRequested, String worker, long revision) {

    JobView view() {
        Long duration = null;
        if (startedAt != null) {
            duration = Duration.between(startedAt, finishedAt != null ? finishedAt : Instant.now()).toMillis();
        }
        return new JobView(id, status, datasetId, modelName, config, progress, createdAt, startedAt, finishedAt,
                duration, error, modelId, attempt, worker);
    }
}
