package dev.backprop.engine;

import java.util.List;

/**
 * Everything needed to rebuild a trained network: its shape, weights and input scaling.
 * This is the engine's serialisable model format; the compact constructor checks shapes and
 * finiteness, so an imported document is either fully usable or rejected with a reason.
 *
 * @param layerSizes input, hidden…, output
 * @param weights per weight layer, [fanIn][fanOut]
 * @param biases per weight layer, [fanOut] (empty list when {@code bias} is false)
 * @param featureMin smallest training value per feature, before normalisation
 * @param featureMax largest training value per feature, before normalisation
 */
public record NetworkParameters(
        int[] layerSizes,
        Activation hiddenActivation,
        Activation outputActivation,
        boolean bias,
        List<double[][]> weights,
        List<double[]> biases,
        Normalization normalization,
        double[] normalizerShift,
        double[] normalizerScale,
        List<String> featureNames,
        List<String> classNames,
        double[] featureMin,
        double[] featureMax) {

    public NetworkParameters {
        if (layerSizes == null || layerSizes.length < 2) {
            throw new IllegalArgumentException("layers must list at least the input and output sizes");
        }
        for (int size : layerSizes) {
            if (size < 1 || size > TrainingConfig.MAX_LAYER_SIZE * 16) {
                throw new IllegalArgumentException("layer sizes must be positive, were " + java.util.Arrays.toString(layerSizes));
            }
        }
        if (hiddenActivation == null || !hiddenActivation.allowedHidden()) {
            throw new IllegalArgumentException("hiddenActivation must be one of sigmoid, tanh, relu");
        }
        if (outputActivation == null || !outputActivation.allowedOutput()) {
            throw new IllegalArgumentException("outputActivation must be one of sigmoid, softmax");
        }
        if (normalization == null) {
            throw new IllegalArgumentException("normalization is required");
        }
        int layers = layerSizes.length - 1;
        if (weights == null || weights.size() != layers) {
            throw new IllegalArgumentException("weights must hold " + layers + " matrices");
        }
        biases = biases == null ? List.of() : biases;
        if (bias ? biases.size() != layers : !biases.isEmpty()) {
            throw new IllegalArgumentException("biases must hold " + (bias ? layers : 0) + " vectors");
        }
        for (int l = 0; l < layers; l++) {
            double[][] w = weights.get(l);
            if (w == null || w.length != layerSizes[l]) {
                throw new IllegalArgumentException("weights[" + l + "] must have " + layerSizes[l] + " rows");
            }
            for (double[] row : w) {
                requireFinite(row, layerSizes[l + 1], "weights[" + l + "]");
            }
            if (bias) {
                requireFinite(biases.get(l), layerSizes[l + 1], "biases[" + l + "]");
            }
        }
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        if (featureNames.size() != layerSizes[0]) {
            throw new IllegalArgumentException("featureNames must name the " + layerSizes[0] + " inputs");
        }
        if (classNames.size() != layerSizes[layers]) {
            throw new IllegalArgumentException("classNames must name the " + layerSizes[layers] + " outputs");
        }
        requireFinite(featureMin, layerSizes[0], "featureMin");
        requireFinite(featureMax, layerSizes[0], "featureMax");
        // validates the normaliser's own parameters
        Normalizer.of(normalization, normalizerShift, normalizerScale, layerSizes[0]);
    }

    private static void requireFinite(double[] values, int length, String name) {
        if (values == null || values.length != length) {
            throw new IllegalArgumentException(name + " must hold " + length + " values");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " holds a value that is not finite");
            }
        }
    }
}
