package dev.backprop.system;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every resource limit of the service ({@code backprop.limits.*}); defaults suit a 2-core machine.
 * Checked at start-up: a zero or negative limit stops the service with a message naming it.
 *
 * @param uploadBytes largest accepted CSV upload (larger → 413)
 * @param rows most data rows in one dataset
 * @param columns most columns in one dataset
 * @param epochs most epochs one training job may ask for
 * @param parametersPerNetwork most weights + biases in one network
 * @param concurrentJobs training jobs that run at once
 * @param queueLength jobs that may wait for a worker (full → 429 with Retry-After)
 * @param storedDatasets datasets kept at most
 * @param storedModels models kept at most
 * @param finishedJobs finished jobs remembered (oldest forgotten first)
 * @param predictionInstances most instances in one prediction request
 * @param requestMemory heap all requests may hold at once for their data (prediction instances, uploads
 *               being parsed, OIP request trees); unset: half the maximum heap
 * @param trainingMemory heap one training job may take beyond its dataset (network, optimizer state,
 *               batch and evaluation work space; see {@code Trainer.memoryBytes}); a job estimated
 *               above it is refused at submission (413). Unset: a quarter of the maximum heap,
 *               shared by the concurrent jobs
 * @param inMemoryStore heap the stored datasets may take when the database is the default in-memory
 *               one (uploads beyond → 507). Unset: a quarter of the maximum heap
 * @param levels most distinct values (levels) of one categorical column in a dataset (more → 400:
 *               such a column is an identifier or free text, not a category)
 */
@ConfigurationProperties("backprop.limits")
@Validated
public record LimitsProperties(
        @DefaultValue("50MB") DataSize uploadBytes,
        @DefaultValue("1000000") @Positive int rows,
        @DefaultValue("1000") @Positive int columns,
        @DefaultValue("1000000") @Positive int epochs,
        @DefaultValue("5000000") @Positive long parametersPerNetwork,
        @DefaultValue("1") @Positive int concurrentJobs,
        @DefaultValue("16") @PositiveOrZero int queueLength,
        @DefaultValue("100") @Positive int storedDatasets,
        @DefaultValue("200") @Positive int storedModels,
        @DefaultValue("200") @PositiveOrZero int finishedJobs,
        @DefaultValue("100000") @Positive int predictionInstances,
        @DefaultValue("1000") @Positive int levels,
        DataSize requestMemory,
        DataSize trainingMemory,
        DataSize inMemoryStore) {

    /** What one job may take: {@code training-memory}, or a quarter of the heap over the concurrent jobs. */
    public long trainingMemoryPerJob() {
        return trainingMemory != null ? trainingMemory.toBytes() : Runtime.getRuntime().maxMemory() / 4 / concurrentJobs;
    }

    public LimitsProperties {
        // DataSize has no Bean Validation constraint of its own
        if (uploadBytes.toBytes() < 1) {
            throw new IllegalArgumentException("backprop.limits.upload-bytes must be at least 1B, was " + uploadBytes);
        }
    }
}
