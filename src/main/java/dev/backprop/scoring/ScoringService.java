package dev.backprop.scoring;

import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.backprop.dataset.Dataset;
import dev.backprop.dataset.DatasetCatalog;
import dev.backprop.model.ModelRegistry;
import dev.backprop.model.TrainedModel;
import dev.backprop.system.ApiException;
import dev.backprop.system.DatabaseDefaults;
import dev.backprop.system.FieldProblem;
import dev.backprop.system.Page;
import dev.backprop.system.ProblemType;
import dev.backprop.training.JobService;
import dev.backprop.training.JobState;
import dev.backprop.training.JobStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Batch scorings: a stored dataset scored by a stored model as a job on the training queue
 * ({@link JobService}: the same workers, cluster-wide bound, progress, cancel, events and
 * attempts), run by {@link ScoringWork}, its result CSV kept in {@link ScoringResults}.
 *
 * <p>A scoring lives under its model: {@code /api/v1/models/{ref}/scorings/{id}} answers for any
 * {@code ref} that names the pinned model — its id, or its name (with or without an alias), so that
 * the {@code Location} given at submit stays valid when a new version is trained or the alias moves.
 */
@Service
class ScoringService {

    static final String KIND = "scoring";

    private final ModelRegistry models;
    private final DatasetCatalog datasets;
    private final JobService jobs;
    private final ScoringResults results;
    private final ScoringProperties properties;
    private final JsonMapper json;
    private final long storedBytesBudget;
    /** Whether results live in the heap (the default in-memory database): then one that cannot fit is refused. */
    private final boolean inHeap;

    ScoringService(ModelRegistry models, DatasetCatalog datasets, JobService jobs, ScoringResults results,
                   ScoringProperties properties, JsonMapper json, @Value("${spring.datasource.url:}") String databaseUrl) {
        this.models = models;
        this.datasets = datasets;
        this.jobs = jobs;
        this.results = results;
        this.properties = properties;
        this.json = json;
        this.inHeap = DatabaseDefaults.inMemory(databaseUrl);
        this.storedBytesBudget = properties.storedBytesBudget(inHeap);
    }

    /** The model as messages name it. */
    static String describe(TrainedModel model) {
        return "model '" + model.name() + "' v" + model.version();
    }

    /**
     * Checks that the dataset fits the model and queues the scoring, the model pinned by id.
     *
     * @throws ApiException 404 for an unknown model or dataset, 400 when the dataset lacks a column
     *         the model reads (or holds it with the other type), 429 when the queue is full
     */
    ScoringView submit(String ref, String datasetId) {
        TrainedModel model = models.require(ref);
        if (datasetId == null || datasetId.isBlank()) {
            throw ApiException.invalid(ProblemType.INVALID_REQUEST, List.of(FieldProblem.inBody("datasetId",
                    "datasetId is required: the id of the stored dataset to score")));
        }
        Dataset dataset = datasets.require(datasetId);
        // the same check the worker makes, here so that a dataset that cannot be scored is a 400 now
        BatchScorer scorer = new BatchScorer(describe(model), model.network(), model.labelColumn(), dataset,
                properties.chunkRows());
        checkRoom(scorer, dataset);
        ScoringSettings settings = new ScoringSettings(model.id(), model.name(), model.version(), dataset.id());
        JobState job = jobs.submit(JobState.queued(UUID.randomUUID().toString(), KIND, dataset.id(), model.name(),
                model.id(), json.writeValueAsString(settings),
                json.writeValueAsString(ScoringProgress.of(0, dataset.rows()))), properties.keptResults());
        forgetBeyondBudget();
        return view(job);
    }

    /**
     * Compressed bytes a result takes per cell, about: 3.5 measured on 1 000 000 rows of two-decimal
     * numbers and full-precision probabilities (docs/interop.md, "Batch scoring"); rounded up.
     */
    static final int STORED_BYTES_PER_CELL = 4;

    /**
     * With the in-memory database a result lives in the heap: one that would not fit the budget on
     * its own is refused now (507), rather than held until the heap runs out. A file or server
     * database keeps it on disk, where a full disk fails the scoring with "storage full".
     */
    private void checkRoom(BatchScorer scorer, Dataset dataset) {
        long estimate = (long) STORED_BYTES_PER_CELL * dataset.rows() * scorer.columns().size();
        if (inHeap && estimate > storedBytesBudget) {
            throw new ApiException(ProblemType.STORAGE_FULL, String.format(java.util.Locale.ROOT, "The result of "
                    + "scoring dataset '%s' (%d rows × %d columns) would take about %.1f MB of the in-memory store, more "
                    + "than the %.1f MB its results may take of the heap (backprop.scoring.stored-bytes); give the "
                    + "service a database (backprop.storage.directory or spring.datasource.url), which keeps results "
                    + "on disk", dataset.id(), dataset.rows(), scorer.columns().size(), estimate / 1e6,
                    storedBytesBudget / 1e6));
        }
    }

    /**
     * Forgets the oldest finished scorings (and their results) while the kept results take more
     * than the budget ({@code backprop.scoring.stored-bytes}); the newest is kept whatever its size.
     */
    private void forgetBeyondBudget() {
        long total = 0;
        boolean newest = true;
        for (ScoringResults.Kept kept : results.kept()) {
            total += kept.storedBytes();
            if (!newest && total > storedBytesBudget) {
                jobs.forgetFinished(kept.jobId());
            }
            newest = false;
        }
    }

    ScoringView require(String ref, String id) {
        return view(job(ref, id));
    }

    private JobState job(String ref, String id) {
        return jobs.find(id).filter(job -> KIND.equals(job.kind()) && belongsTo(ref, job))
                .orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, HttpStatus.NOT_FOUND, "Scoring not found",
                        "Scoring '" + id + "' of model '" + ref + "' does not exist").with("id", id));
    }

    /** By the pinned model's id, or its name (a {@code name@alias} by its name). */
    private static boolean belongsTo(String ref, JobState job) {
        return ref.equals(job.modelId()) || name(ref).equals(job.modelName());
    }

    private static String name(String ref) {
        int at = ref.indexOf('@');
        return at > 0 ? ref.substring(0, at) : ref;
    }

    /** The scorings of a model name (every version; of that one model for an id), newest first. */
    Page<ScoringView> list(String ref, JobStatus status, Page.Request request) {
        Page<JobState> page = jobs.page(KIND, name(ref), status, request);
        if (page.total() == 0 && models.resolve(ref).isEmpty()) {
            throw ApiException.notFound("Model", ref);
        }
        return page.map(this::view);
    }

    ScoringView cancel(String ref, String id) {
        job(ref, id);
        switch (jobs.cancel(id)) {
            case NOT_FOUND -> throw new ApiException(ProblemType.NOT_FOUND, HttpStatus.NOT_FOUND, "Scoring not found",
                    "Scoring '" + id + "' of model '" + ref + "' does not exist");
            case ALREADY_FINISHED -> throw ApiException.conflict("Scoring '" + id + "' has already finished ("
                    + job(ref, id).status() + ")").with("id", id);
            case ACCEPTED -> {
                // cancelled while queued, or the running scoring told to stop at its next chunk
            }
        }
        return require(ref, id);
    }

    SseEmitter follow(String ref, String id) {
        return jobs.follow(job(ref, id).id(), this::view);
    }

    /** A succeeded scoring's result. @throws ApiException 409 while (or unless) the scoring has not SUCCEEDED */
    Result result(String ref, String id) {
        JobState job = job(ref, id);
        if (job.status() != JobStatus.SUCCEEDED) {
            String detail = job.status().finished()
                    ? "Scoring '" + id + "' has " + job.status() + "; it has no result"
                    : "Scoring '" + id + "' is " + job.status() + "; its result is ready once it has SUCCEEDED";
            throw ApiException.conflict(detail).with("id", id).with("jobStatus", job.status().name());
        }
        ScoringResults.Stored stored = results.find(job.id(), job.attempt()).orElseThrow(() ->
                new IllegalStateException("scoring " + id + " succeeded but its result is missing"));
        return new Result(view(job), stored);
    }

    /** A result to stream: the scoring it belongs to and where it is stored. */
    record Result(ScoringView scoring, ScoringResults.Stored stored) {
    }

    java.io.InputStream open(Result result) {
        return results.open(result.stored());
    }

    private ScoringView view(JobState job) {
        return ScoringView.of(job, json);
    }
}
