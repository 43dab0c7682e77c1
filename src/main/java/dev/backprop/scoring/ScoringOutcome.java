package dev.backprop.scoring;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a successful scoring produced, as {@code jobs.result} stores it and its view shows it.
 *
 * @param counts rows scored, rows with a warning, and (classifier) how often each class was predicted
 * @param metrics the model's figures against the dataset's copy of the model's label column; null
 *                when the dataset has no such column
 * @param result the stored CSV: its header and its size
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ScoringOutcome(Counts counts, ScoringMetrics.Report metrics, ResultFile result) {

    /** @param predicted class → rows predicted as it, in the model's class order; null for a regression */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ScoringCounts")
    record Counts(long rows, long rowsWithWarnings, Map<String, Long> predicted) {
    }

    /**
     * @param columns the CSV's header, in order
     * @param bytes the CSV's length (its {@code Content-Length})
     * @param sha256 the CSV's SHA-256 (hex), checked as it is streamed back
     */
    @Schema(name = "ScoringResultFile")
    record ResultFile(List<String> columns, long bytes, String sha256) {
    }
}
