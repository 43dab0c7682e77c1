package dev.backprop.training;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.backprop.model.TrainingSettings;

/**
 * A training job as clients see it.
 *
 * @param attempt how many times a worker has started the job: 1 normally, more when a replica died
 *        mid-job (or stopped) and another ran it again from the start with the same seed
 * @param worker the replica running the job, while it runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(String id, JobStatus status, String datasetId, String modelName, TrainingSettings config,
                      JobProgress progress, Instant createdAt, Instant startedAt, Instant finishedAt,
                      Long durationMillis, String error, String modelId, int attempt, String worker) {
}
