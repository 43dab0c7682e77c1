package dev.backprop.scoring;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code backprop.scoring.*}: how batch scorings run and how many results are kept.
 *
 * @param chunkRows rows scored at a time (fewer when the dataset or the network is wide, so that a
 *                  chunk's buffers stay within {@link BatchScorer#CHUNK_BYTES})
 * @param keptResults finished scorings remembered, with their result CSVs; the oldest are forgotten
 *                    first when a new scoring is submitted
 * @param storedBytes the most the kept results may take in the database (compressed); beyond it the
 *                    oldest are forgotten first. Unset: an eighth of the heap with the in-memory
 *                    database (whose rows live in the heap beside the datasets, the requests and the
 *                    training jobs, which have the rest), 4 GB with a file or server database.
 */
@ConfigurationProperties("backprop.scoring")
@Validated
record ScoringProperties(
        @DefaultValue("4096") @Positive @Max(1_000_000) int chunkRows,
        @DefaultValue("20") @Positive int keptResults,
        DataSize storedBytes) {

    ScoringProperties {
        if (storedBytes != null && storedBytes.toBytes() < 1) {
            throw new IllegalArgumentException("backprop.scoring.stored-bytes must be at least 1B, was " + storedBytes);
        }
    }

    /** The byte budget of kept results, for a database that lives in the heap or not. */
    long storedBytesBudget(boolean inMemoryDatabase) {
        if (storedBytes != null) {
            return storedBytes.toBytes();
        }
        return inMemoryDatabase ? Runtime.getRuntime().maxMemory() / 8 : DataSize.ofGigabytes(4).toBytes();
    }
}
