package dev.backprop.scoring;

/**
 * A scoring job's settings, as {@code jobs.config} stores them: the model pinned at submit (by id:
 * a new version or a moved alias does not change what a queued or re-run scoring uses) and the
 * dataset.
 */
record ScoringSettings(String modelId, String modelName, int modelVersion, String datasetId) {
}
