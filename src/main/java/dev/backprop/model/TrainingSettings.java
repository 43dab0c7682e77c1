package dev.backprop.model;

import java.util.List;

import dev.backprop.engine.Activation;
import dev.backprop.engine.EarlyStopping;
import dev.backprop.engine.Loss;
import dev.backprop.engine.Normalization;
import dev.backprop.engine.OptimizerType;
import dev.backprop.engine.Reduction;
import dev.backprop.engine.WeightInit;
import dev.backprop.engine.TrainingConfig;

/**
 * A training configuration as resolved (every default filled in), in the API's vocabulary.
 * Jobs show it and models keep it, seed included, so a model can be reproduced from its own
 * document by posting these settings as a new job.
 */
public record TrainingSettings(
        String datasetId,
        String modelName,
        String preset,
        List<Integer> hiddenLayers,
        String activation,
        String outputActivation,
        String loss,
        String reduction,
        String optimizer,
        double learningRate,
        int epochs,
        int batchSize,
        double l2,
        String weightInit,
        boolean bias,
        String normalization,
        double testFraction,
        double validationFraction,
        long seed,
        EarlyStoppingSettings earlyStopping) {

    /** @param enabled false = train all epochs (the other fields are then ignored) */
    public record EarlyStoppingSettings(boolean enabled, int patience, double minDelta, boolean restoreBest) {
    }

    /** The engine config these settings spell out (they were resolved from one, so they are valid). */
    public TrainingConfig toConfig() {
        EarlyStopping stopping = earlyStopping != null && earlyStopping.enabled()
                ? new EarlyStopping(earlyStopping.patience(), earlyStopping.minDelta(), earlyStopping.restoreBest())
                : null;
        return new TrainingConfig(hiddenLayers, Activation.parse("activation", activation),
                Activation.parse("outputActivation", outputActivation), Loss.parse("loss", loss),
                Reduction.parse("reduction", reduction), OptimizerType.parse("optimizer", optimizer), learningRate,
                epochs, batchSize, l2, WeightInit.parse("weightInit", weightInit), bias,
                Normalization.parse("normalization", normalization), testFraction, validationFraction, seed, stopping);
    }

    public static TrainingSettings of(String datasetId, String modelName, String preset, TrainingConfig c) {
        EarlyStopping es = c.earlyStopping();
        EarlyStoppingSettings stopping = es == null
                ? new EarlyStoppingSettings(false, 0, 0, false)
                : new EarlyStoppingSettings(true, es.patience(), es.minDelta(), es.restoreBest());
        return new TrainingSettings(datasetId, modelName, preset, c.hiddenLayers(), c.activation().id(),
                c.outputActivation().id(), c.loss().id(), c.reduction().id(), c.optimizer().id(), c.learningRate(),
                c.epochs(), c.batchSize(), c.l2(), c.weightInit().id(), c.bias(), c.normalization().id(),
                c.testFraction(), c.validationFraction(), c.seed(), stopping);
    }
}
