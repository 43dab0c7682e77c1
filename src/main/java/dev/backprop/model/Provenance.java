package dev.backprop.model;

/**
 * Where a model came from, enough to reproduce it: the dataset's content hash, the job, how
 * training ended, which service build trained it, and on what: the same seed and config give
 * bit-identical weights only with the same thread count, and {@code Math}'s functions may differ in
 * the last bit between JVMs and architectures (as Tribuo records them).
 *
 * @param source {@code training}, {@code built-in} (the model trained at start-up) or {@code import}
 * @param bestEpoch the epoch whose weights the model holds
 * @param importedFrom for an imported model, the id the model had where it was exported (else null)
 * @param threads threads the training split its batches over (null when not recorded)
 * @param javaVersion {@code java.version} of the JVM that trained it (null when not recorded)
 * @param osArch {@code os.arch} of the machine that trained it (null when not recorded)
 */
public record Provenance(String source, String datasetSha256, String jobId, int epochsRun, int bestEpoch,
                         boolean stoppedEarly, long trainingMillis, String serviceVersion, String importedFrom,
                         Integer threads, String javaVersion, String osArch) {

    /** A model trained here and now, on {@code threads} threads; {@code source} is training or built-in. */
    public static Provenance trained(String source, String datasetSha256, String jobId, int epochsRun, int bestEpoch,
                                     boolean stoppedEarly, long trainingMillis, String serviceVersion, int threads) {
        return new Provenance(source, datasetSha256, jobId, epochsRun, bestEpoch, stoppedEarly, trainingMillis,
                serviceVersion, null, threads, System.getProperty("java.version"), System.getProperty("os.arch"));
    }
}
