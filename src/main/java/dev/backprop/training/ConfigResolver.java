package dev.backprop.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
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
import dev.backprop.system.FieldProblem;
import dev.backprop.system.LimitsProperties;
import dev.backprop.system.ProblemType;

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

    /**
     * @param readProblems fields that were already found bad while the request was read (unknown
     *                     fields, values of the wrong JSON type); reported together with the rest
     * @throws ApiException 400 {@link ProblemType#INVALID_CONFIG} whose {@code errors} names every bad field
     */
    Resolved resolve(TrainingRequest r, Dataset dataset, long randomSeed, List<FieldProblem> readProblems) {
        List<FieldProblem> errors = new ArrayList<>(readProblems);
        if (r.preset() != null && !CASE_STUDY.equals(r.preset())) {
            errors.add(FieldProblem.inBody("preset", "preset must be '" + CASE_STUDY + "' or absent, was '"
                    + r.preset() + "'"));
        }
        long seed = r.seed() != null ? r.seed() : randomSeed;
        TrainingConfig base = CASE_STUDY.equals(r.preset()) ? TrainingConfig.caseStudy(seed) : TrainingConfig.defaults(seed);

        List<UnaryOperator<TrainingConfig.Builder>> overrides = new ArrayList<>();
        add(overrides, errors, base, "hiddenLayers", r.hiddenLayers(), v -> b -> b.hiddenLayers(layers(v)));
        add(overrides, errors, base, "activation", r.activation(), v -> b -> b.activation(hidden(v)));
        add(overrides, errors, base, "outputActivation", r.outputActivation(), v -> b -> b.outputActivation(output(v)));
        add(overrides, errors, base, "loss", r.loss(), v -> b -> b.loss(Loss.parse("loss", v)));
        add(overrides, errors, base, "reduction", r.reduction(), v -> b -> b.reduction(Reduction.parse("reduction", v)));
        add(overrides, errors, base, "optimizer", r.optimizer(), v -> b -> b.optimizer(OptimizerType.parse("optimizer", v)));
        add(overrides, errors, base, "learningRate", r.learningRate(), v -> b -> b.learningRate(v));
        add(overrides, errors, base, "epochs", r.epochs(), v -> b -> b.epochs(v));
        add(overrides, errors, base, "batchSize", r.batchSize(), v -> b -> b.batchSize(v));
        add(overrides, errors, base, "l2", r.l2(), v -> b -> b.l2(v));
        add(overrides, errors, base, "weightInit", r.weightInit(), v -> b -> b.weightInit(WeightInit.parse("weightInit", v)));
        if (r.weightInit() == null && r.activation() != null && r.preset() == null && isHidden(r.activation())) {
            // the initialisation that suits the chosen activation: He for ReLU, Xavier (Glorot) otherwise;
            // a bad activation is reported once, by the activation field
            overrides.add(b -> b.weightInit(hidden(r.activation()) == Activation.RELU ? WeightInit.HE : WeightInit.XAVIER));
        }
        add(overrides, errors, base, "bias", r.bias(), v -> b -> b.bias(v));
        add(overrides, errors, base, "normalization", r.normalization(),
                v -> b -> b.normalization(Normalization.parse("normalization", v)));
        add(overrides, errors, base, "testFraction", r.testFraction(), v -> b -> b.testFraction(v));
        add(overrides, errors, base, "validationFraction", r.validationFraction(), v -> b -> b.validationFraction(v));
        add(overrides, errors, base, "earlyStopping", r.earlyStopping(),
                v -> b -> b.earlyStopping(earlyStopping(v, base.earlyStopping())));
        if (r.epochs() != null && r.epochs() > limits.epochs()) {
            errors.add(FieldProblem.inBody("epochs", "epochs must be <= " + limits.epochs()
                    + " (backprop.limits.epochs), was " + r.epochs()));
        }
        if (r.modelName() != null) {
            try {
                ModelRegistry.checkName(r.modelName());
            } catch (ApiException e) {
                errors.add(FieldProblem.inBody("modelName", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(ProblemType.INVALID_CONFIG, errors);
        }
        TrainingConfig.Builder builder = base.toBuilder();
        for (UnaryOperator<TrainingConfig.Builder> override : overrides) {
            builder = override.apply(builder);
        }
        TrainingConfig config;
        try {
            config = builder.build();
        } catch (IllegalArgumentException e) {
            // a rule between fields, which no field breaks alone
            throw ApiException.invalid(ProblemType.INVALID_CONFIG, List.of(new FieldProblem(null, null, e.getMessage())));
        }
        if (config.epochs() > limits.epochs()) {
            throw ApiException.invalid(ProblemType.INVALID_CONFIG, List.of(FieldProblem.inBody("epochs",
                    "epochs must be <= " + limits.epochs() + " (backprop.limits.epochs), was " + config.epochs())));
        }
        long parameters = Trainer.parameterCount(config, dataset.featureCount(), dataset.classNames().size());
        if (parameters > limits.parametersPerNetwork()) {
            throw ApiException.invalid(ProblemType.INVALID_CONFIG, List.of(FieldProblem.inBody("hiddenLayers",
                    "The network would have " + parameters + " parameters, more than the limit of "
                    + limits.parametersPerNetwork() + " (backprop.limits.parameters-per-network); use smaller hiddenLayers")));
        }
        String modelName = r.modelName() != null ? r.modelName() : defaultModelName(dataset.name());
        ModelRegistry.checkName(modelName);
        return new Resolved(config, TrainingSettings.of(dataset.id(), modelName, r.preset(), config));
    }

    /** Hidden layers take sigmoid, tanh or relu; softmax only belongs on the output. */
    private static Activation hidden(String value) {
        return among("activation", value, Arrays.stream(Activation.values()).filter(Activation::allowedHidden).toList());
    }

    private static Activation output(String value) {
        return among("outputActivation", value, Arrays.stream(Activation.values()).filter(Activation::allowedOutput).toList());
    }

    private static boolean isHidden(String value) {
        return Arrays.stream(Activation.values()).anyMatch(a -> a.allowedHidden() && a.id().equalsIgnoreCase(value.trim()));
    }

    private static Activation among(String field, String value, List<Activation> allowed) {
        for (Activation a : allowed) {
            if (value != null && a.id().equalsIgnoreCase(value.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException(field + " must be one of "
                + allowed.stream().map(Activation::id).collect(Collectors.joining(", ")) + ", was '" + value + "'");
    }

    /** A null size (JSON {@code [16, null]}) is named here; the engine's rule takes the numbers. */
    private static List<Integer> layers(List<Integer> sizes) {
        int missing = sizes.indexOf(null);
        if (missing >= 0) {
            throw new IllegalArgumentException("hiddenLayers[" + missing + "] must be a layer size, was null");
        }
        return sizes;
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

    /**
     * Registers an override after trying it alone on the base config, so that each bad field is
     * named, not just the first: enum names and early-stopping values fail when parsed, numbers
     * when the engine's config checks them.
     */
    private static <T> void add(List<UnaryOperator<TrainingConfig.Builder>> overrides, List<FieldProblem> errors,
                                TrainingConfig base, String field, T value,
                                java.util.function.Function<T, UnaryOperator<TrainingConfig.Builder>> override) {
        if (value == null) {
            return;
        }
        try {
            UnaryOperator<TrainingConfig.Builder> op = override.apply(value);
            op.apply(base.toBuilder()).build();
            overrides.add(op);
        } catch (IllegalArgumentException e) {
            errors.add(FieldProblem.inBody(fieldOf(field, e.getMessage()), e.getMessage()));
        }
    }

    /** The engine's messages start with the field: "earlyStopping.patience must be …", "hiddenLayers[2] must …". */
    private static String fieldOf(String field, String message) {
        String first = message == null ? "" : message.split(" ", 2)[0];
        return first.startsWith(field) && first.matches("[A-Za-z][A-Za-z0-9.\\[\\]]*") ? first : field;
    }
}
