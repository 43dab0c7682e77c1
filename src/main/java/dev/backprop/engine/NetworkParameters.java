package dev.backprop.engine;

import java.util.List;

/**
 * Everything needed to rebuild a trained network: its inputs' encoding, shape, weights and what
 * its outputs mean. This is the engine's serialisable model format; the compact constructor checks
 * shapes and finiteness, so an imported document is either fully usable or rejected with a reason.
 *
 * @param layerSizes input (the encoder's width), hidden…, output
 * @param weights per weight layer, [fanIn][fanOut]
 * @param biases per weight layer, [fanOut] (empty list when {@code bias} is false)
 * @param encoder how the original columns become the network's inputs
 * @param classNames one per output of a classifier; empty for a regression
 * @param targetMean, targetStd a regression's output is {@code a·targetStd + targetMean} (0 and 1 for a classifier)
 */
public record NetworkParameters(
        int[] layerSizes,
        Activation hiddenActivation,
        Activation outputActivation,
        boolean bias,
        List<double[][]> weights,
        List<double[]> biases,
        InputEncoder encoder,
        Task task,
        List<String> classNames,
        double targetMean,
        double targetStd) {

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
        if (task == null) {
            throw new IllegalArgumentException("task is required");
        }
        if (task == Task.CLASSIFICATION ? !Activation.CLASSIFIER_OUTPUT.contains(outputActivation)
                : outputActivation != Activation.LINEAR) {
            throw new IllegalArgumentException(task == Task.CLASSIFICATION
                    ? "outputActivation of a classifier must be one of sigmoid, softmax"
                    : "outputActivation of a regression must be linear");
        }
        if (encoder == null) {
            throw new IllegalArgumentException("the inputs' encoding is required");
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
        if (encoder.width() != layerSizes[0]) {
            throw new IllegalArgumentException("the inputs encode to " + encoder.width() + " values but the first layer "
                    + "takes " + layerSizes[0]);
        }
        classNames = List.copyOf(classNames);
        int outputs = layerSizes[layers];
        if (task == Task.CLASSIFICATION && classNames.size() != outputs) {
            throw new IllegalArgumentException("classNames must name the " + outputs + " outputs");
        }
        if (task == Task.REGRESSION && (outputs != 1 || !classNames.isEmpty())) {
            throw new IllegalArgumentException("a regression has one output and no classNames");
        }
        if (!Double.isFinite(targetMean) || !(targetStd > 0) || !Double.isFinite(targetStd)) {
            throw new IllegalArgumentException("the target's mean and standard deviation must be finite (std > 0)");
        }
    }

    /** The original columns, in the order rows give them. */
    public List<String> featureNames() {
        return encoder.inputs().stream().map(InputEncoder.Input::name).toList();
    }

    public Normalization normalization() {
        return encoder.normalization();
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
