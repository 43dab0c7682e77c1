package dev.backprop.training;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.backprop.model.TrainingSettings;

/** A training job as clients see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(String id, JobStatus status, String datasetId, String modelName, TrainingSettings config,
                      JobProgress progress, Instant createdAt, Instant startedAt, Instant finishedAt,
                      Long durationMillis, String error, String modelId) {
}
