package dev.backprop.scoring;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.backprop.model.TrainedModel;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.backprop.training.JobState;
import dev.backprop.training.JobStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scoring as clients see it: the job (status, progress in rows, attempt, times, error) and, once
 * it succeeded, its counts, its metrics against the dataset's label (when the dataset has the
 * model's label column) and its result file, streamed by {@code GET …/{id}/result}.
 *
 * @param model the model pinned at submit: a new version or a moved alias does not change it
 * @param attempt how many times a worker has started the scoring: 1 normally, more when a replica
 *        died mid-scoring (or stopped) and another ran it again from the start
 * @param worker the replica running the scoring, while it runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Scoring")
record ScoringView(String id, JobStatus status, TrainedModel.ModelRef model, String datasetId,
                   ScoringProgress progress, Instant createdAt, Instant startedAt, Instant finishedAt,
                   Long durationMillis, String error, int attempt, String worker, ScoringOutcome.Counts counts,
                   ScoringMetrics.Report metrics, ScoringOutcome.ResultFile result) {

    static ScoringView of(JobState job, JsonMapper json) {
        ScoringSettings settings = json.readValue(job.config(), ScoringSettings.class);
        ScoringProgress progress = job.progress() == null ? null : json.readValue(job.progress(), ScoringProgress.class);
        ScoringOutcome outcome = job.result() == null ? null : json.readValue(job.result(), ScoringOutcome.class);
        return new ScoringView(job.id(), job.status(),
                new TrainedModel.ModelRef(settings.modelId(), settings.modelName(), settings.modelVersion()),
                job.datasetId(), progress, job.createdAt(), job.startedAt(), job.finishedAt(), job.durationMillis(),
                job.error(), job.attempt(), job.worker(), outcome == null ? null : outcome.counts(),
                outcome == null ? null : outcome.metrics(), outcome == null ? null : outcome.result());
    }
}
