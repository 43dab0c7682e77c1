package dev.backprop.model;

import java.time.Instant;
import java.util.List;

/**
 * A model as one self-contained, versioned JSON document: what {@code GET /api/v1/models/{id}/export}
 * returns, what {@code POST /api/v1/models/import} takes, and what a storage directory holds per
 * model. {@link ModelDocuments} converts and validates it.
 *
 * @param format always {@value ModelDocuments#FORMAT}
 * @param formatVersion {@value ModelDocuments#FORMAT_VERSION}; readers reject versions they do not know
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
        List<String> featureNames,
        List<String> classNames,
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
     * The input scaling: {@code x' = (x − shift) / scale} per column for {@code z-score} and
     * {@code min-max}; {@code l2-row} and {@code none} have no parameters (empty arrays).
     */
    record NormalizerDocument(String kind, double[] shift, double[] scale) {
    }
}
