package dev.backprop.model;

/**
 * Where a model came from, enough to reproduce it: the dataset's content hash, the job, how
 * training ended and which service build trained it.
 *
 * @param source {@code training} or {@code import}
 * @param bestEpoch the epoch whose weights the model holds
 * @param importedFrom for an imported model, the id the model had where it was exported (else null)
 */
public record Provenance(String source, String datasetSha256, String jobId, int epochsRun, int bestEpoch,
                         boolean stoppedEarly, long trainingMillis, String serviceVersion, String importedFrom) {

    /** A trained model's provenance. */
    public Provenance(String source, String datasetSha256, String jobId, int epochsRun, int bestEpoch,
                      boolean stoppedEarly, long trainingMillis, String serviceVersion) {
        this(source, datasetSha256, jobId, epochsRun, bestEpoch, stoppedEarly, trainingMillis, serviceVersion, null);
    }
}
