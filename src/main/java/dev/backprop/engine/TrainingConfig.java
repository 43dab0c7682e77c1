package dev.backprop.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Everything that defines a training run, and the one vocabulary for it: the API's field names,
 * their values and rules come from {@link #FIELDS} (requests are read with {@link #of}, jobs and
 * models show {@link #toProperties()}, the API documents {@link #fields()}), so a new setting is
 * added here and nowhere else. Same config + same data (+ same thread count) → bit-identical weights.
 *
 * @param task classification or regression
 * @param hiddenLayers sizes of the hidden layers, input to output (may be empty)
 * @param activation hidden-layer activation (sigmoid, tanh, relu)
 * @param outputActivation output activation: sigmoid or softmax for classification, linear for regression
 * @param loss per-row loss (regression: mse)
 * @param reduction how per-row gradients combine over a batch
 * @param optimizer update rule
 * @param learningRate step size
 * @param epochs passes over the training rows (an upper bound with early stopping)
 * @param batchSize rows per update; 0 = the whole training set (full batch)
 * @param l2 weight decay λ: adds ½λ‖W‖² to the objective (biases are not decayed)
 * @param weightInit initial weight distribution
 * @param bias whether layers have bias terms
 * @param normalization scaling of the numeric inputs, fitted on the training rows
 * @param testFraction hold-out share of the rows (stratified), in [0, 0.9]
 * @param validationFraction share of the training rows held out to drive early stopping, in [0, 0.5]
 * @param seed seeds initial weights, the splits and the shuffling; in [0, 2^53)
 * @param earlyStopping null = train all epochs
 */
public record TrainingConfig(
        Task task,
        List<Integer> hiddenLayers,
        Activation activation,
        Activation outputActivation,
        Loss loss,
        Reduction reduction,
        OptimizerType optimizer,
        double learningRate,
        int epochs,
        int batchSize,
        double l2,
        WeightInit weightInit,
        boolean bias,
        Normalization normalization,
        double testFraction,
        double validationFraction,
        long seed,
        EarlyStopping earlyStopping) {

    public static final int MAX_LAYER_SIZE = 4096;
    public static final int MAX_HIDDEN_LAYERS = 16;
    /**
     * Seeds lie in [0, 2^53): every integer there is exact as a JSON number in JavaScript (and any
     * IEEE double), so a seed shown by a browser or a script reproduces the model when posted back.
     */
    public static final long SEED_BOUND = 1L << 53;

    public TrainingConfig {
        require(task, "task");
        if (hiddenLayers == null) {
            throw new IllegalArgumentException("hiddenLayers must be a list of layer sizes (may be empty)");
        }
        hiddenLayers = List.copyOf(hiddenLayers);
        if (hiddenLayers.size() > MAX_HIDDEN_LAYERS) {
            throw new IllegalArgumentException("hiddenLayers may have at most " + MAX_HIDDEN_LAYERS
                    + " layers, had " + hiddenLayers.size());
        }
        for (int i = 0; i < hiddenLayers.size(); i++) {
            int size = hiddenLayers.get(i);
            if (size < 1 || size > MAX_LAYER_SIZE) {
                throw new IllegalArgumentException("hiddenLayers[" + i + "] must be in [1, " + MAX_LAYER_SIZE
                        + "], was " + size);
            }
        }
        require(activation, "activation");
        require(outputActivation, "outputActivation");
        require(loss, "loss");
        require(reduction, "reduction");
        require(optimizer, "optimizer");
        require(weightInit, "weightInit");
        require(normalization, "normalization");
        if (!activation.allowedHidden()) {
            throw new IllegalArgumentException("activation must be one of " + String.join(", ", ids(Activation.HIDDEN)) + ", was '"
                    + activation.id() + "'");
        }
        if (task == Task.CLASSIFICATION && !Activation.CLASSIFIER_OUTPUT.contains(outputActivation)) {
            throw new IllegalArgumentException("outputActivation of a classifier must be one of "
                    + String.join(", ", ids(Activation.CLASSIFIER_OUTPUT)) + ", was '" + outputActivation.id() + "'");
        }
        if (task == Task.REGRESSION && (outputActivation != Activation.LINEAR || loss != Loss.MSE)) {
            throw new IllegalArgumentException("a regression has outputActivation 'linear' and loss 'mse', had '"
                    + outputActivation.id() + "' and '" + loss.id() + "'");
        }
        if (!(learningRate > 0 && learningRate <= 100)) {
            throw new IllegalArgumentException("learningRate must be in (0, 100], was " + learningRate);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be >= 0 (0 = full batch), was " + batchSize);
        }
        if (!(l2 >= 0 && l2 <= 10)) {
            throw new IllegalArgumentException("l2 must be in [0, 10], was " + l2);
        }
        if (!(testFraction >= 0 && testFraction <= 0.9)) {
            throw new IllegalArgumentException("testFraction must be in [0, 0.9], was " + testFraction);
        }
        if (!(validationFraction >= 0 && validationFraction <= 0.5)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 0.5], was " + validationFraction);
        }
        if (seed < 0 || seed >= SEED_BOUND) {
            throw new IllegalArgumentException("seed must be an integer in [0, 2^53) = [0, " + (SEED_BOUND - 1)
                    + "], was " + seed);
        }
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    /**
     * Modern defaults for small tabular data: one hidden tanh layer of 32 with Xavier (Glorot)
     * initial weights and biases, softmax + cross-entropy, Adam at 0.01 on mini-batches of 32,
     * L2 1e-3, z-score inputs, at most 500 epochs with early stopping on a 10% validation split
     * ({@link EarlyStopping#defaults()}), 20% stratified test hold-out.
     *
     * <p>Chosen by measurement on ten small tabular problems (Iris and nine generated ones, see
     * {@code DefaultsBenchmark} and docs, "Why these defaults"): tanh + Xavier was the only
     * single change from the earlier ReLU + He defaults that raised test accuracy by more than the
     * seed-to-seed noise (about +1 to +2 points on average, most on XOR-like and wide data), on the
     * seeds it was picked on and on fresh data and seeds; the other settings were as good as any
     * alternative and are kept. ReLU measured as well with Xavier as with He; with {@code min-max}
     * inputs (not centred) tanh trains poorly, so pair {@code min-max} with {@code relu} + {@code he}.
     *
     * <p>L2 was 1e-4 until the mixed-type comparison with scikit-learn and H2O (docs/quality.md): 1e-3
     * is as good on the ten small problems (mean of the medians 0.8894 against 0.8886, paired difference
     * −0.0001 ± 0.0019) and better on held-out test files of generated mixed-type data: R² 0.9223 → 0.9268
     * on a cars table (7 seeds of 10 better), accuracy 0.6332 → 0.6368 on a 30 000-row, 4-class table
     * (10 of 10 better), the same or a little better on the other three.
     */
    public static TrainingConfig defaults(long seed) {
        return new TrainingConfig(Task.CLASSIFICATION, List.of(32), Activation.TANH, Activation.SOFTMAX,
                Loss.CROSS_ENTROPY, Reduction.MEAN, OptimizerType.ADAM, 0.01, 500, 32, 1e-3, WeightInit.XAVIER, true,
                Normalization.Z_SCORE, 0.2, 0.1, seed, EarlyStopping.defaults());
    }

    /** Rows from which {@link #defaultsFor} departs from {@link #defaults}. */
    public static final int LARGE_ROWS = 20_000;

    /**
     * The defaults for a dataset of this size: {@link #defaults} below {@link #LARGE_ROWS} rows (so small
     * data trains exactly as before); from there on Adam's learning rate 0.003 instead of 0.01. With tens
     * of thousands of rows an epoch takes over a thousand steps of 32 rows, and at 0.01 the validation
     * loss bottoms out within a few epochs and then climbs; the smaller step reaches a better minimum.
     *
     * <p>Measured in {@code DefaultsAtScaleBenchmark} (docs/benchmarks.md, "Defaults that use the speed")
     * on two generated 50 000 × 50, 5-class problems: held-out accuracy 0.777 → 0.798 on one labelled by
     * a random tanh network, 0.955 → 0.955 on Gaussian clusters, where H2O's deep-learning defaults reach
     * 0.743 and 0.950 (with L2 1e-3, since docs/quality.md: 0.770 → 0.803 and 0.957 → 0.960; on a
     * generated 30 000-row mixed-type table 0.624 at lr 0.01, 0.633 at 0.003, 0.637 with L2 1e-3, where
     * H2O reaches 0.616). Wider hidden layers (128, 256, 128+128, 200+200 relu) were measured too and
     * gave nothing beyond the noise at either learning rate, for two to eight times the time, so the
     * network stays as small as the small-data default; {@code features} and {@code classes}
     * are not used by this rule yet.
     */
    public static TrainingConfig defaultsFor(long seed, int rows, int features, int classes) {
        TrainingConfig small = defaults(seed);
        if (rows < LARGE_ROWS) {
            return small;
        }
        return small.toBuilder().learningRate(0.003).build();
    }

    /**
     * The original Iris case study: 4-5-3, sigmoid everywhere, no biases, uniform[−1, 1) weights,
     * per-row L2 normalisation, full batch, {@code W += lr·Xᵀδ} summed over the rows with
     * δ = (y − a)·a(1 − a), lr 0.1, 100 000 epochs, a third of the rows held out.
     */
    public static TrainingConfig caseStudy(long seed) {
        return new TrainingConfig(Task.CLASSIFICATION, List.of(5), Activation.SIGMOID, Activation.SIGMOID, Loss.MSE,
                Reduction.SUM, OptimizerType.SGD, 0.1, 100_000, 0, 0, WeightInit.UNIFORM, false,
                Normalization.L2_ROW, 0.33, 0, seed, null);
    }

    /** The same settings for the other task: a regression gets a linear output trained with MSE. */
    public TrainingConfig forTask(Task target) {
        if (target == task) {
            return this;
        }
        Builder b = toBuilder().task(target);
        return target == Task.REGRESSION ? b.outputActivation(Activation.LINEAR).loss(Loss.MSE).build()
                : b.outputActivation(Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build();
    }

    // ───────────────────────────── the vocabulary ─────────────────────────────

    /**
     * One setting as the API names and documents it.
     *
     * @param type JSON type: string, integer, number, boolean, array (of integers) or object
     * @param allowed the values a string setting takes (empty for others)
     */
    public record Field(String name, String type, List<String> allowed, String description) {
    }

    /** A field's value in the API's terms, and how a value given in those terms is applied. */
    private record Spec(Field field, Function<TrainingConfig, Object> get, BiConsumer<Builder, Object> set) {
    }

    private static final List<Spec> FIELDS = List.of(
            spec("task", "string", ids(List.of(Task.values())),
                    "classification (a class per row) or regression (a number per row); by default a text label "
                            + "means classification and a numeric label with more than 20 distinct values regression",
                    c -> c.task.id(), (b, v) -> b.task(Task.parse("task", text("task", v)))),
            spec("hiddenLayers", "array", List.of(), "sizes of the hidden layers, input to output (may be empty)",
                    TrainingConfig::hiddenLayers, (b, v) -> b.hiddenLayers(integers("hiddenLayers", v))),
            spec("activation", "string", ids(Activation.HIDDEN), "activation of the hidden layers",
                    c -> c.activation.id(), (b, v) -> b.activation(Names.parse(Activation.HIDDEN, "activation",
                            text("activation", v)))),
            spec("outputActivation", "string", ids(List.of(Activation.SIGMOID, Activation.SOFTMAX, Activation.LINEAR)),
                    "activation of the output layer: sigmoid or softmax for classification, linear for regression",
                    c -> c.outputActivation.id(), (b, v) -> b.outputActivation(Names.parse(
                            List.of(Activation.SIGMOID, Activation.SOFTMAX, Activation.LINEAR), "outputActivation",
                            text("outputActivation", v)))),
            spec("loss", "string", ids(List.of(Loss.values())), "per-row loss (a regression uses mse)",
                    c -> c.loss.id(), (b, v) -> b.loss(Loss.parse("loss", text("loss", v)))),
            spec("reduction", "string", ids(List.of(Reduction.values())),
                    "how per-row gradients combine over a batch: mean, or sum (the case study's)",
                    c -> c.reduction.id(), (b, v) -> b.reduction(Reduction.parse("reduction", text("reduction", v)))),
            spec("optimizer", "string", ids(List.of(OptimizerType.values())), "update rule",
                    c -> c.optimizer.id(), (b, v) -> b.optimizer(OptimizerType.parse("optimizer",
                            text("optimizer", v)))),
            spec("learningRate", "number", List.of(), "step size, in (0, 100]",
                    TrainingConfig::learningRate, (b, v) -> b.learningRate(number("learningRate", v))),
            spec("epochs", "integer", List.of(), "passes over the training rows (at most, with early stopping)",
                    TrainingConfig::epochs, (b, v) -> b.epochs(integer("epochs", v))),
            spec("batchSize", "integer", List.of(), "rows per update; 0 = the whole training set",
                    TrainingConfig::batchSize, (b, v) -> b.batchSize(integer("batchSize", v))),
            spec("l2", "number", List.of(), "L2 weight decay λ, in [0, 10]",
                    TrainingConfig::l2, (b, v) -> b.l2(number("l2", v))),
            spec("weightInit", "string", ids(List.of(WeightInit.values())),
                    "initial weights (default: he with relu, xavier otherwise)",
                    c -> c.weightInit.id(), (b, v) -> b.weightInit(WeightInit.parse("weightInit", text("weightInit", v)))),
            spec("bias", "boolean", List.of(), "whether layers have bias terms",
                    TrainingConfig::bias, (b, v) -> b.bias(bool("bias", v))),
            spec("normalization", "string", ids(List.of(Normalization.values())),
                    "scaling of the numeric inputs, fitted on the training rows",
                    c -> c.normalization.id(), (b, v) -> b.normalization(Normalization.parse("normalization",
                            text("normalization", v)))),
            spec("testFraction", "number", List.of(), "hold-out share of the rows for test metrics, in [0, 0.9]",
                    TrainingConfig::testFraction, (b, v) -> b.testFraction(number("testFraction", v))),
            spec("validationFraction", "number", List.of(),
                    "share of the training rows watched by early stopping, in [0, 0.5]",
                    TrainingConfig::validationFraction, (b, v) -> b.validationFraction(number("validationFraction", v))),
            spec("seed", "integer", List.of(), "seeds weights, splits and shuffling; an integer in [0, 2^53); "
                            + "random when absent (the job shows it)",
                    TrainingConfig::seed, (b, v) -> b.seed(seedValue(v))),
            spec("earlyStopping", "object", List.of(),
                    "{enabled, patience, minDelta, restoreBest}: stop when the validation loss stops improving",
                    c -> EarlyStopping.properties(c.earlyStopping), (b, v) -> b.earlyStopping(
                            EarlyStopping.of("earlyStopping", v, b.earlyStopping)))
    );

    private static Spec spec(String name, String type, List<String> allowed, String description,
                             Function<TrainingConfig, Object> get, BiConsumer<Builder, Object> set) {
        return new Spec(new Field(name, type, allowed, description), get, set);
    }

    /** Every setting, in API order. */
    public static List<Field> fields() {
        return FIELDS.stream().map(Spec::field).toList();
    }

    /** This config in the API's terms, in {@link #fields()} order (JSON-ready values). */
    public Map<String, Object> toProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Spec spec : FIELDS) {
            properties.put(spec.field().name(), spec.get().apply(this));
        }
        return properties;
    }

    /** One bad setting: which, and why. */
    public record FieldError(String field, String detail) {
    }

    /** A bad value, with the exact place it sits: {@code hiddenLayers[1]}, {@code earlyStopping.patience}. */
    static final class FieldException extends IllegalArgumentException {
        final String path;

        FieldException(String path, String message) {
            super(message);
            this.path = path;
        }
    }

    /** Settings that do not make a valid config; names every bad field. */
    public static final class InvalidConfigException extends IllegalArgumentException {
        private final List<FieldError> errors;

        public InvalidConfigException(List<FieldError> errors) {
            super(String.join("; ", errors.stream().map(FieldError::detail).toList()));
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    /**
     * {@code base} with the given settings (API names → JSON values: strings, numbers, booleans,
     * lists, maps) applied. Each setting is checked on its own first, so that one error names every
     * bad field; unknown names are errors too. Settings left out follow those given where one
     * depends on another: a regression gets a linear output with MSE, and a chosen hidden activation
     * brings its weight initialisation (he for relu, xavier otherwise) unless the base draws uniform
     * weights (the case study).
     *
     * @throws InvalidConfigException naming every bad field
     */
    public static TrainingConfig of(Map<String, ?> settings, TrainingConfig base) {
        return of(settings, base, List.of());
    }

    /**
     * As {@link #of(Map, TrainingConfig)}, for settings that came in one object with the caller's
     * own members ({@code datasetId}, …): an unknown name's message lists those too, and may
     * suggest one of them.
     */
    public static TrainingConfig of(Map<String, ?> settings, TrainingConfig base, List<String> callerFields) {
        List<FieldError> errors = new ArrayList<>();
        List<String> known = FIELDS.stream().map(spec -> spec.field().name()).toList();
        List<String> named = new ArrayList<>(callerFields);
        named.addAll(known);
        for (String name : settings.keySet()) {
            if (!known.contains(name)) {
                errors.add(unknown(name, named, ""));
            }
        }
        List<Spec> given = FIELDS.stream().filter(s -> settings.containsKey(s.field().name())
                && settings.get(s.field().name()) != null).toList();
        Builder all = base.toBuilder();
        List<Spec> readable = new ArrayList<>();
        for (Spec spec : given) {
            try {
                spec.set().accept(all, settings.get(spec.field().name()));
                readable.add(spec);
            } catch (IllegalArgumentException e) {
                // a value that does not even read (wrong type, unknown name)
                errors.addAll(errorsOf(spec, e));
            }
        }
        IllegalArgumentException together = null;
        if (errors.isEmpty()) {
            try {
                return dependents(all, settings, base).build();
            } catch (IllegalArgumentException e) {
                together = e;
            }
        }
        // name every field that is wrong on its own (out of range…), not just the first
        for (Spec spec : readable) {
            Object value = settings.get(spec.field().name());
            try {
                Builder alone = base.toBuilder();
                spec.set().accept(alone, value);
                dependents(alone, Map.of(spec.field().name(), value), base).build();
            } catch (IllegalArgumentException e) {
                errors.addAll(errorsOf(spec, e));
            }
        }
        if (errors.isEmpty()) {
            // each is fine alone and they clash (a regression with a softmax output)
            errors.add(new FieldError(null, together.getMessage()));
        }
        throw new InvalidConfigException(errors);
    }

    /** An unknown member, with the known one it most likely meant. */
    static FieldError unknown(String name, java.util.Collection<String> known, String prefix) {
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (d < best) {
                best = d;
                closest = candidate;
            }
        }
        String hint = closest != null && best <= Math.max(2, name.length() / 3)
                ? " (did you mean " + prefix + closest + "?)" : "";
        return new FieldError(prefix + name, prefix + name + " is not a known field" + hint + "; the fields are "
                + String.join(", ", known.stream().map(k -> prefix + k).toList()));
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Fills the settings that follow others, where the client did not give them. */
    private static Builder dependents(Builder b, Map<String, ?> settings, TrainingConfig base) {
        if (b.task == Task.REGRESSION && base.task != Task.REGRESSION) {
            if (settings.get("outputActivation") == null) {
                b.outputActivation(Activation.LINEAR);
            }
            if (settings.get("loss") == null) {
                b.loss(Loss.MSE);
            }
        }
        if (settings.get("activation") != null && settings.get("weightInit") == null
                && base.weightInit != WeightInit.UNIFORM) {
            b.weightInit(b.activation == Activation.RELU ? WeightInit.HE : WeightInit.XAVIER);
        }
        return b;
    }

    private static List<FieldError> errorsOf(Spec spec, IllegalArgumentException e) {
        if (e instanceof InvalidConfigException several) {
            return several.errors();
        }
        return List.of(new FieldError(e instanceof FieldException f ? f.path : spec.field().name(), e.getMessage()));
    }

    private static List<String> ids(List<? extends Named> values) {
        return values.stream().map(Named::id).toList();
    }

    static String text(String field, Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw new FieldException(field, field + " must be a string, was " + describe(value));
    }

    static double number(String field, Object value) {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new FieldException(field, field + " must be a number, was " + describe(value));
    }

    static int integer(String field, Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Long || value instanceof java.math.BigInteger) {
            throw new FieldException(field, field + " must be a whole number from " + Integer.MIN_VALUE + " to "
                    + Integer.MAX_VALUE + ", was " + value);
        }
        throw new FieldException(field, field + " must be a whole number, was " + describe(value));
    }

    private static long integral(String field, Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw new FieldException(field, field + " must be a whole number, was " + describe(value));
    }

    static boolean bool(String field, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new FieldException(field, field + " must be true or false, was " + describe(value));
    }

    private static long seedValue(Object value) {
        try {
            long seed = integral("seed", value);
            if (seed >= 0 && seed < SEED_BOUND) {
                return seed;
            }
        } catch (IllegalArgumentException e) {
            // reported below in the seed's own words
        }
        throw new FieldException("seed", "seed must be an integer in [0, 2^53) = [0, " + (SEED_BOUND - 1)
                + "], was " + describe(value));
    }

    private static List<Integer> integers(String field, Object value) {
        if (!(value instanceof List<?> list)) {
            throw new FieldException(field, field + " must be an array of whole numbers, e.g. [32] or [64, 32], was "
                    + describe(value));
        }
        List<Integer> sizes = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            sizes.add(integer(field + "[" + i + "]", list.get(i)));
        }
        return sizes;
    }

    static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : value instanceof List ? "an array"
                : value instanceof Map ? "an object" : String.valueOf(value);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Overrides fields of a base config; the record's constructor validates the result. */
    public static final class Builder {
        private Task task;
        private List<Integer> hiddenLayers;
        private Activation activation;
        private Activation outputActivation;
        private Loss loss;
        private Reduction reduction;
        private OptimizerType optimizer;
        private double learningRate;
        private int epochs;
        private int batchSize;
        private double l2;
        private WeightInit weightInit;
        private boolean bias;
        private Normalization normalization;
        private double testFraction;
        private double validationFraction;
        private long seed;
        private EarlyStopping earlyStopping;

        private Builder(TrainingConfig base) {
            task = base.task;
            hiddenLayers = base.hiddenLayers;
            activation = base.activation;
            outputActivation = base.outputActivation;
            loss = base.loss;
            reduction = base.reduction;
            optimizer = base.optimizer;
            learningRate = base.learningRate;
            epochs = base.epochs;
            batchSize = base.batchSize;
            l2 = base.l2;
            weightInit = base.weightInit;
            bias = base.bias;
            normalization = base.normalization;
            testFraction = base.testFraction;
            validationFraction = base.validationFraction;
            seed = base.seed;
            earlyStopping = base.earlyStopping;
        }

        public Builder task(Task v) { task = v; return this; }
        public Builder hiddenLayers(List<Integer> v) { hiddenLayers = v; return this; }
        public Builder activation(Activation v) { activation = v; return this; }
        public Builder outputActivation(Activation v) { outputActivation = v; return this; }
        public Builder loss(Loss v) { loss = v; return this; }
        public Builder reduction(Reduction v) { reduction = v; return this; }
        public Builder optimizer(OptimizerType v) { optimizer = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder l2(double v) { l2 = v; return this; }
        public Builder weightInit(WeightInit v) { weightInit = v; return this; }
        public Builder bias(boolean v) { bias = v; return this; }
        public Builder normalization(Normalization v) { normalization = v; return this; }
        public Builder testFraction(double v) { testFraction = v; return this; }
        public Builder validationFraction(double v) { validationFraction = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder earlyStopping(EarlyStopping v) { earlyStopping = v; return this; }

        public TrainingConfig build() {
            return new TrainingConfig(task, hiddenLayers, activation, outputActivation, loss, reduction, optimizer,
                    learningRate, epochs, batchSize, l2, weightInit, bias, normalization, testFraction,
                    validationFraction, seed, earlyStopping);
        }
    }
}
