package dev.backprop.training;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.backprop.dataset.Dataset;
import dev.backprop.engine.Activation;
import dev.backprop.engine.EarlyStopping;
import dev.backprop.engine.Loss;
import dev.backprop.engine.Normalization;
import dev.backprop.engine.OptimizerType;
import dev.backprop.engine.Reduction;
import dev.backprop.engine.Trainer;
import dev.backprop.engine.TrainingConfig;
import dev.backprop.engine.WeightInit;
import dev.backprop.model.ModelRegistry;
import dev.backprop.model.TrainingSettings;
import dev.backprop.system.ApiException;
import dev.backprop.system.LimitsProperties;

/**
 * Turns a request into a complete, valid engine config. Each field is checked on its own against
 * the base config (the engine's validation is the single source of the rules), so one response
 * names every bad field at once.
 */
final class ConfigResolver {

    static final String CASE_STUDY = "seed-case-study";

    private final LimitsProperties limits;

    ConfigResolver(LimitsProperties limits) {
        this.limits = limits;
    }

    record Resolved(TrainingConfig config, TrainingSettings settings) {
    }

    Resolved resolve(TrainingRequest r, Dataset dataset, long randomSeed) {
        if (r.preset() != null && !CASE_STUDY.equals(r.preset())) {
            throw ApiException.badRequest("preset must be '" + CASE_STUDY + "' or absent, was '" + r.preset() + "'");
        }
        List<UnaryOperator<TrainingConfig.Builder>> overrides = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        long seed = randomSeed;
        if (r.seed() != null) {
            if (r.seed() >= 0 && r.seed() < TrainingConfig.SEED_BOUND) {
                seed = r.seed();
            } else {
                errors.add("seed must be an integer in [0, 2^53) = [0, " + (TrainingConfig.SEED_BOUND - 1)
                        + "], was " + r.seed());
            }
        }
        TrainingConfig base = r.preset() != null ? TrainingConfig.caseStudy(seed) : TrainingConfig.defaults(seed);
        add(overrides, errors, r.hiddenLayers(), v -> b -> b.hiddenLayers(v));
        add(overrides, errors, r.activation(), v -> b -> b.activation(Activation.parse("activation", v)));
        add(overrides, errors, r.outputActivation(), v -> b -> b.outputActivation(Activation.parse("outputActivation", v)));
        add(overrides, errors, r.loss(), v -> b -> b.loss(Loss.parse("loss", v)));
        add(overrides, errors, r.reduction(), v -> b -> b.reduction(Reduction.parse("reduction", v)));
        add(overrides, errors, r.optimizer(), v -> b -> b.optimizer(OptimizerType.parse("optimizer", v)));
        add(overrides, errors, r.learningRate(), v -> b -> b.learningRate(v));
        add(overrides, errors, r.epochs(), v -> b -> b.epochs(v));
        add(overrides, errors, r.batchSize(), v -> b -> b.batchSize(v));
        add(overrides, errors, r.l2(), v -> b -> b.l2(v));
        add(overrides, errors, r.weightInit(), v -> b -> b.weightInit(WeightInit.parse("weightInit", v)));
        if (r.weightInit() == null && r.activation() != null && r.preset() == null) {
            // the initialisation that suits the chosen activation: He for ReLU, Xavier (Glorot) otherwise
            add(overrides, errors, r.activation(), v -> b -> b.weightInit(
                    Activation.parse("activation", v) == Activation.RELU ? WeightInit.HE : WeightInit.XAVIER));
        }
        add(overrides, errors, r.bias(), v -> b -> b.bias(v));
        add(overrides, errors, r.normalization(), v -> b -> b.normalization(Normalization.parse("normalization", v)));
        add(overrides, errors, r.testFraction(), v -> b -> b.testFraction(v));
        add(overrides, errors, r.validationFraction(), v -> b -> b.validationFraction(v));
        add(overrides, errors, r.earlyStopping(), v -> b -> b.earlyStopping(earlyStopping(v, base.earlyStopping())));
        // each override alone on the base: names every invalid field, not just the first
        List<String> fieldErrors = new ArrayList<>(errors);
        for (UnaryOperator<TrainingConfig.Builder> override : overrides) {
            try {
                override.apply(base.toBuilder()).build();
            } catch (IllegalArgumentException e) {
                fieldErrors.add(e.getMessage());
            }
        }
        if (r.epochs() != null && r.epochs() > limits.epochs()) {
            fieldErrors.add("epochs must be <= " + limits.epochs() + " (backprop.limits.epochs), was " + r.epochs());
        }
        if (!fieldErrors.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", fieldErrors));
        }
        TrainingConfig.Builder builder = base.toBuilder();
        for (UnaryOperator<TrainingConfig.Builder> override : overrides) {
            builder = override.apply(builder);
        }
        TrainingConfig config;
        try {
            config = builder.build();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (config.epochs() > limits.epochs()) {
            throw ApiException.badRequest("epochs must be <= " + limits.epochs() + " (backprop.limits.epochs), was "
                    + config.epochs());
        }
        // BRIDGE: replaced when the engine takes columns (the encoded width, the task's outputs)
        long parameters = Trainer.parameterCount(config, dataset.featureCount(), TrainingDataBridge.outputs(dataset));
        if (parameters > limits.parametersPerNetwork()) {
            throw ApiException.badRequest("The network would have " + parameters + " parameters, more than the limit of "
                    + limits.parametersPerNetwork() + " (backprop.limits.parameters-per-network); use smaller hiddenLayers");
        }
        String modelName = r.modelName() != null ? r.modelName() : defaultModelName(dataset.name());
        ModelRegistry.checkName(modelName);
        return new Resolved(config, TrainingSettings.of(dataset.id(), modelName, r.preset(), config));
    }

    private static EarlyStopping earlyStopping(TrainingRequest.EarlyStoppingRequest r, EarlyStopping base) {
        if (Boolean.FALSE.equals(r.enabled())) {
            return null;
        }
        EarlyStopping defaults = base != null ? base : EarlyStopping.defaults();
        return new EarlyStopping(r.patience() != null ? r.patience() : defaults.patience(),
                r.minDelta() != null ? r.minDelta() : defaults.minDelta(),
                r.restoreBest() != null ? r.restoreBest() : defaults.restoreBest());
    }

    /** A dataset name made into a valid model name ("My data.csv" → "My-data.csv"). */
    static String defaultModelName(String datasetName) {
        String name = datasetName.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+", "");
        name = name.length() > 100 ? name.substring(0, 100) : name;
        return name.isEmpty() ? "model" : name;
    }

    /** Registers an override; a value that cannot even be parsed becomes an error right away. */
    private static <T> void add(List<UnaryOperator<TrainingConfig.Builder>> overrides, List<String> errors, T value,
                                java.util.function.Function<T, UnaryOperator<TrainingConfig.Builder>> override) {
        if (value == null) {
            return;
        }
        try {
            UnaryOperator<TrainingConfig.Builder> op = override.apply(value);
            // parse eagerly: enum names and early-stopping values fail here
            op.apply(TrainingConfig.defaults(0).toBuilder());
            overrides.add(op);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
    }
}
