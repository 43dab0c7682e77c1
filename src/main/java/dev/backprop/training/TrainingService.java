package dev.backprop.training;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.backprop.dataset.Dataset;
import dev.backprop.dataset.DatasetCatalog;
import dev.backprop.engine.TrainingConfig;
import dev.backprop.model.ModelRegistry;
import dev.backprop.system.ApiException;
import dev.backprop.system.LimitsProperties;
import dev.backprop.system.Page;
import dev.backprop.system.TrainingProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts training jobs into the cluster-wide queue ({@link JobService}) and answers for them from
 * any replica.
 */
@Service
public class TrainingService {

    private final DatasetCatalog datasets;
    private final ModelRegistry models;
    private final JobService jobs;
    private final JobStore store;
    private final JobRunner runner;
    private final JsonMapper json;
    private final LimitsProperties limits;
    private final ConfigResolver resolver;
    private final SecureRandom seeds = new SecureRandom();

    TrainingService(DatasetCatalog datasets, ModelRegistry models, JobService jobs, JobStore store, JobRunner runner,
                    JsonMapper json, LimitsProperties limits, TrainingProperties training) {
        this.datasets = datasets;
        this.models = models;
        this.jobs = jobs;
        this.store = store;
        this.runner = runner;
        this.json = json;
        this.limits = limits;
        this.resolver = new ConfigResolver(limits, training.effectiveThreads());
    }

    /** Validates the request and queues the job; answers at once. */
    JobView submit(TrainingRequest request) {
        return record(jobs.submit(create(request), limits.finishedJobs())).view();
    }

    /**
     * Trains on the calling thread, outside the queue (start-up's built-in model, inside the caller's
     * transaction); the job is listed like any other.
     */
    JobRunner.Outcome runNow(TrainingRequest request, String source) {
        JobState job = create(request);
        store.insert(job);
        JobRecord queued = record(job);
        JobState claimed = store.claim(job.id(), jobs.worker(), JobProgress.start(queued.config().config().epochs()))
                .orElseThrow();
        return runner.run(record(claimed), source);
    }

    private JobState create(TrainingRequest request) {
        if (request.datasetId() == null || request.datasetId().isBlank()) {
            // the settings are judged too, so that one answer names everything to fix
            java.util.List<TrainingConfig.FieldError> errors = new java.util.ArrayList<>();
            try {
                TrainingConfig.of(request.settings(), TrainingConfig.defaults(0), TrainingRequest.OWN_FIELDS);
            } catch (TrainingConfig.InvalidConfigException e) {
                errors.addAll(e.errors());
            }
            errors.add(new TrainingConfig.FieldError("datasetId", "datasetId is required"));
            throw ConfigResolver.invalid(errors);
        }
        Dataset dataset = datasets.require(request.datasetId());
        ConfigResolver.Resolved resolved = resolver.resolve(request, dataset, seeds.nextLong(TrainingConfig.SEED_BOUND));
        models.checkCapacity();
        return JobState.queued(UUID.randomUUID().toString(), JobState.TRAINING, dataset.id(),
                resolved.settings().modelName(), null, json.writeValueAsString(resolved.settings()),
                json.writeValueAsString(JobProgress.start(resolved.config().epochs())));
    }

    private JobRecord record(JobState job) {
        return JobRecord.of(job, json);
    }

    /** A training job by id; a job of another kind is not one. */
    private Optional<JobRecord> find(String id) {
        return jobs.find(id).filter(job -> JobState.TRAINING.equals(job.kind())).map(this::record);
    }

    JobView require(String id) {
        return find(id).map(JobRecord::view).orElseThrow(() -> ApiException.notFound("Training job", id));
    }

    Page<JobView> list(JobStatus status, Page.Request page) {
        jobs.trimFinished(JobState.TRAINING, limits.finishedJobs());
        return jobs.page(JobState.TRAINING, null, status, page).map(job -> record(job).view());
    }

    JobView cancel(String id) {
        require(id);
        switch (jobs.cancel(id)) {
            case NOT_FOUND -> throw ApiException.notFound("Training job", id);
            case ALREADY_FINISHED -> throw ApiException.conflict("Training job '" + id + "' has already finished ("
                    + require(id).status() + ")");
            case ACCEPTED -> {
                // cancelled while queued, or a running job told to stop
            }
        }
        return require(id);
    }

    SseEmitter follow(String id) {
        return jobs.follow(require(id).id(), job -> record(job).view());
    }

    long queued() {
        return jobs.queued();
    }

    long running() {
        return jobs.running();
    }

    int capacity() {
        return jobs.capacity();
    }
}
