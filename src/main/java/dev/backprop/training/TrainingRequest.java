package dev.backprop.training;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A training job as posted: only {@code datasetId} is required; every other field overrides the
 * modern defaults, or the case study's settings when {@code preset} is {@code seed-case-study}.
 * Unknown fields are rejected, so that a typo never silently trains with a default.
 */
@Schema(description = "Training configuration; only datasetId is required", example = """
        {"datasetId": "iris", "modelName": "iris-tanh", "hiddenLayers": [16], "activation": "tanh", \
        "optimizer": "adam", "learningRate": 0.01, "epochs": 300, "batchSize": 16, "seed": 7}""")
record TrainingRequest(
        @Schema(description = "Dataset to train on", example = "iris", requiredMode = Schema.RequiredMode.REQUIRED)
        String datasetId,
        @Schema(description = "Name of the model to create (default: the dataset's name); each training adds a version",
                example = "iris")
        String modelName,
        @Schema(description = "Base settings: absent = modern defaults; seed-case-study = the original Iris case study",
                allowableValues = {"seed-case-study"})
        String preset,
        @Schema(description = "Sizes of the hidden layers", example = "[32]")
        List<Integer> hiddenLayers,
        @Schema(allowableValues = {"sigmoid", "tanh", "relu"}) String activation,
        @Schema(allowableValues = {"sigmoid", "softmax"}) String outputActivation,
        @Schema(allowableValues = {"mse", "cross-entropy"}) String loss,
        @Schema(description = "How per-row gradients combine over a batch", allowableValues = {"mean", "sum"})
        String reduction,
        @Schema(allowableValues = {"sgd", "momentum", "adam"}) String optimizer,
        @Schema(example = "0.01") Double learningRate,
        @Schema(example = "500") Integer epochs,
        @Schema(description = "Rows per update; 0 = full batch", example = "32") Integer batchSize,
        @Schema(description = "L2 weight decay", example = "0.0001") Double l2,
        @Schema(allowableValues = {"uniform", "xavier", "he"}) String weightInit,
        Boolean bias,
        @Schema(allowableValues = {"l2-row", "z-score", "min-max", "none"}) String normalization,
        @Schema(description = "Stratified hold-out share for test metrics, in [0, 0.9]", example = "0.2")
        Double testFraction,
        @Schema(description = "Share of training rows watched by early stopping, in [0, 0.5]", example = "0.1")
        Double validationFraction,
        @Schema(description = "Seeds weights, splits and shuffling; random when absent (the job shows it)")
        Long seed,
        EarlyStoppingRequest earlyStopping) {

    record EarlyStoppingRequest(Boolean enabled, Integer patience, Double minDelta, Boolean restoreBest) {
    }

    /** Only the dataset, the model's name and the seed; everything else takes the defaults. */
    static TrainingRequest of(String datasetId, String modelName, long seed) {
        return new TrainingRequest(datasetId, modelName, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, seed, null);
    }
}
