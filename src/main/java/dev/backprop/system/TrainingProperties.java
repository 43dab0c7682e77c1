package dev.backprop.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code backprop.training.threads}: threads per training job (each job splits its mini-batches over
 * them). Unset or 0: the available processors, at most {@link #MAX_DEFAULT_THREADS} — beyond that a
 * batch of 128 rows leaves too few per thread to repay the hand-over. The count is part of a model's
 * provenance: the same seed and config give bit-identical weights only with the same count.
 */
@ConfigurationProperties("backprop.training")
public record TrainingProperties(Integer threads) {

    public static final int MAX_DEFAULT_THREADS = 8;

    public TrainingProperties {
        if (threads != null && threads < 0) {
            throw new IllegalArgumentException("backprop.training.threads must be >= 0 (0 = the available processors), was "
                    + threads);
        }
    }

    /** The configured count, or the default for this machine. */
    public int effectiveThreads() {
        if (threads == null || threads == 0) {
            return Math.min(Runtime.getRuntime().availableProcessors(), MAX_DEFAULT_THREADS);
        }
        return threads;
    }
}
