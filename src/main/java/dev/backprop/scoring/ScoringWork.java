package dev.backprop.scoring;

import org.springframework.stereotype.Component;

import dev.backprop.dataset.Dataset;
import dev.backprop.dataset.DatasetCatalog;
import dev.backprop.model.ModelRegistry;
import dev.backprop.model.TrainedModel;
import dev.backprop.system.ApiException;
import dev.backprop.system.ChunkedBlobs;
import dev.backprop.training.JobRun;
import dev.backprop.training.JobState;
import dev.backprop.training.JobWork;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a scoring job on a worker of the training queue: reads the pinned model and the dataset,
 * scores every row chunk by chunk into this attempt's result ({@link ScoringResults}), reporting
 * rows scored as progress (which also carries cancel and stop requests), and hands the outcome to
 * the runner, which stores it with the job's success. An attempt that does not succeed removes
 * what it wrote.
 */
@Component
class ScoringWork implements JobWork {

    private final DatasetCatalog datasets;
    private final ModelRegistry models;
    private final ScoringResults results;
    private final ScoringProperties properties;
    private final JsonMapper json;
    private final DistributionSummary rowsPerSecond;

    ScoringWork(DatasetCatalog datasets, ModelRegistry models, ScoringResults results, ScoringProperties properties,
                JsonMapper json, MeterRegistry meters) {
        this.datasets = datasets;
        this.models = models;
        this.results = results;
        this.properties = properties;
        this.json = json;
        this.rowsPerSecond = DistributionSummary.builder("backprop.scoring.rows.per.second")
                .description("Speed of finished scorings, result storage included").register(meters);
    }

    @Override
    public String kind() {
        return ScoringService.KIND;
    }

    @Override
    public Object startProgress(JobState job) {
        return ScoringProgress.of(0, json.readValue(job.progress(), ScoringProgress.class).rows());
    }

    @Override
    public Success run(JobRun run) {
        JobState job = run.job();
        ScoringSettings settings = json.readValue(job.config(), ScoringSettings.class);
        String model = "model '" + settings.modelName() + "' v" + settings.modelVersion() + " (" + settings.modelId() + ")";
        TrainedModel trained = models.find(settings.modelId()).orElseThrow(() -> ApiException.conflict(capitalised(model)
                + " was deleted before the scoring ran"));
        Dataset dataset = datasets.find(settings.datasetId()).orElseThrow(() -> ApiException.conflict("Dataset '"
                + settings.datasetId() + "' was deleted before the scoring ran; upload it again and resubmit"));
        BatchScorer scorer = new BatchScorer(ScoringService.describe(trained), trained.network(),
                trained.labelColumn(), dataset, properties.chunkRows());
        long rows = scorer.rows();
        long started = System.nanoTime();
        String resultId = results.begin(job.id(), job.attempt());
        try {
            BatchScorer.Summary[] summary = new BatchScorer.Summary[1];
            ChunkedBlobs.Content content = results.write(resultId, out -> summary[0] = scorer.score(out,
                    done -> run.progress(ScoringProgress.of(done, rows))));
            rowsPerSecond.record(rows / Math.max(1e-9, (System.nanoTime() - started) / 1e9));
            ScoringOutcome outcome = new ScoringOutcome(
                    new ScoringOutcome.Counts(summary[0].rows(), summary[0].rowsWithWarnings(), summary[0].predicted()),
                    summary[0].metrics(), new ScoringOutcome.ResultFile(scorer.columns(), content.bytes(), content.sha256()));
            return new Success(ScoringProgress.of(rows, rows), outcome, () -> results.complete(resultId, content));
        } catch (RuntimeException e) {
            // stopped, failed, or lost to another replica: this attempt's chunks go; the job's end says why
            try {
                results.discard(resultId);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
