package dev.backprop.model;

import java.time.Instant;
import java.util.List;

/**
 * A model as one self-contained, versioned JSON document: what {@code GET /api/v1/models/{id}/export}
 * returns, what {@code POST /api/v1/models/import} takes, and what a storage directory holds per
 * model. {@link ModelDocuments} converts and validates it.
 *
 * @param format always {@value ModelDocuments#FORMAT}
 * @param formatVersion {@value ModelDocuments#FORMAT_VERSION}; version 1 (numeric columns, a normalizer, no
 *        task) is still read; readers reject versions they do not know
 * @param task classification or regression (absent in version 1: classification)
 * @param inputs the columns' encoding (version 2; version 1 has {@code normalizer}, {@code featureMin}, {@code featureMax})
 * @param target a regression's output scale (version 2, regression only)
 * @param layers input, hidden…, output sizes
 * @param bias whether the layers add a bias ({@code biases} is then one vector per layer)
 * @param weights per weight layer, a [fanIn][fanOut] matrix
 * @param featureMin smallest training value per feature, before normalisation
 * @param featureMax largest training value per feature, before normalisation
 */
record ModelDocument(
        String format,
        Integer formatVersion,
        String id,
        String name,
        Integer version,
        Instant createdAt,
        String datasetId,
        String labelColumn,
        String task,
        List<String> featureNames,
        List<String> classNames,
        InputsDocument inputs,
        TargetDocument target,
        List<Integer> layers,
        Activations activations,
        Boolean bias,
        List<double[][]> weights,
        List<double[]> biases,
        NormalizerDocument normalizer,
        double[] featureMin,
        double[] featureMax,
        TrainingSettings config,
        ModelMetrics metrics,
        dev.backprop.engine.TrainingHistory history,
        Provenance provenance) {

    /** @param hidden activation of every hidden layer; @param output activation of the output layer */
    record Activations(String hidden, String output) {
    }

    /**
     * Format 1's input scaling: {@code x' = (x − shift) / scale} per column for {@code z-score} and
     * {@code min-max}; {@code l2-row} and {@code none} have no parameters (empty arrays).
     */
    record NormalizerDocument(String kind, double[] shift, double[] scale) {
    }

    /** How the original columns become the network's inputs (format 2). */
    record InputsDocument(String normalization, List<InputDocument> columns) {
    }

    /**
     * One column: {@code numeric} (impute, missingIndicator, shift, scale, min, max) or
     * {@code categorical} (levels, missingLevel).
     */
    record InputDocument(String name, String type, Double impute, Boolean missingIndicator, Double shift, Double scale,
                         Double min, Double max, List<String> levels, Boolean missingLevel) {
    }

    /** A regression's output scale: value = output·std + mean. */
    record TargetDocument(double mean, double std) {
    }
}
