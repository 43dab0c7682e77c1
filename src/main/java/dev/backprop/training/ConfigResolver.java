package dev.backprop.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.backprop.dataset.Dataset;
import dev.backprop.dataset.Label;
import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.engine.Task;
import dev.backprop.engine.Trainer;
import dev.backprop.engine.TrainingConfig;
import dev.backprop.model.ModelRegistry;
import dev.backprop.model.TrainingSettings;
import dev.backprop.system.ApiException;
import dev.backprop.system.FieldProblem;
import dev.backprop.system.ProblemType;
import dev.backprop.system.LimitsProperties;

/**
 * Turns a request into a complete, valid engine config: the base (the modern defaults, or the
 * case study's preset), the task the data calls for unless one is given, then the request's
 * settings through the engine's vocabulary — which names every bad field at once — and last the
 * service's limits.
 */
final class ConfigResolver {

    static final String CASE_STUDY = "seed-case-study";

    private final LimitsProperties limits;
    private final int threads;

    ConfigResolver(LimitsProperties limits, int threads) {
        this.limits = limits;
        this.threads = threads;
    }

    record Resolved(TrainingConfig config, TrainingSettings settings) {
    }

    Resolved resolve(TrainingRequest r, Dataset dataset, long randomSeed) {
        if (r.preset() != null && !CASE_STUDY.equals(r.preset())) {
            throw invalid(List.of(new TrainingConfig.FieldError("preset", "preset must be '" + CASE_STUDY
                    + "' or absent, was '" + r.preset() + "'")));
        }
        TrainingConfig base = r.preset() != null ? TrainingConfig.caseStudy(randomSeed) : sizedDefaults(dataset, randomSeed);
        if (!r.settings().containsKey("task")) {
            base = base.forTask(defaultTask(dataset));
        }
        TrainingConfig config;
        List<TrainingConfig.FieldError> errors = new ArrayList<>();
        try {
            config = TrainingConfig.of(r.settings(), base, TrainingRequest.OWN_FIELDS);
        } catch (TrainingConfig.InvalidConfigException e) {
            errors.addAll(e.errors());
            config = null;
        }
        Object epochs = r.settings().get("epochs");
        if (epochs instanceof Number n && n.longValue() > limits.epochs()) {
            errors.removeIf(e -> "epochs".equals(e.field()));
            errors.add(new TrainingConfig.FieldError("epochs", "epochs must be <= " + limits.epochs()
                    + " (backprop.limits.epochs), was " + epochs));
        }
        String modelName = r.modelName() != null ? r.modelName() : defaultModelName(dataset.name());
        try {
            ModelRegistry.checkName(modelName);
        } catch (ApiException e) {
            errors.add(new TrainingConfig.FieldError("modelName", e.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        if (config.epochs() > limits.epochs()) {
            throw invalid(List.of(new TrainingConfig.FieldError("epochs", "epochs must be <= " + limits.epochs()
                    + " (backprop.limits.epochs), was " + config.epochs())));
        }
        if (config.task() == Task.REGRESSION && !dataset.label().numeric()) {
            throw invalid(List.of(new TrainingConfig.FieldError("task", "task regression needs a numeric label, but '"
                    + dataset.labelColumn() + "' holds text; use task classification")));
        }
        if (config.task() == Task.CLASSIFICATION && dataset.label().classes() == null) {
            throw invalid(List.of(new TrainingConfig.FieldError("task", "task classification needs at most "
                    + Label.MAX_CLASSES + " distinct labels, but '" + dataset.labelColumn() + "' has more; use task "
                    + "regression for a numeric label")));
        }
        int outputs = config.task() == Task.REGRESSION ? 1 : dataset.label().classNames().size();
        long parameters = Trainer.parameterCount(config, encodedWidth(dataset), outputs);
        if (parameters > limits.parametersPerNetwork()) {
            throw invalid(List.of(new TrainingConfig.FieldError("hiddenLayers", "The network would have " + parameters
                    + " parameters, more than the limit of " + limits.parametersPerNetwork()
                    + " (backprop.limits.parameters-per-network); the inputs encode to " + encodedWidth(dataset)
                    + " values" + widest(dataset) + "; use smaller hiddenLayers or fewer columns")));
        }
        long memory = memoryBytes(config, dataset, threads);
        if (memory > limits.trainingMemoryPerJob()) {
            throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE, String.format(Locale.ROOT, "This job would need "
                    + "about %.0f MB of memory beyond its dataset (%d parameters, batches of %d rows over %d units), "
                    + "more than the %.0f MB one job may take (backprop.limits.training-memory); use a smaller "
                    + "batchSize (0 is the whole training set at once) or smaller hiddenLayers", memory / 1e6,
                    parameters, config.batchSize() == 0 ? dataset.rows() : Math.min(config.batchSize(), dataset.rows()),
                    units(config, outputs), limits.trainingMemoryPerJob() / 1e6))
                    .with("estimatedBytes", memory).with("limitBytes", limits.trainingMemoryPerJob());
        }
        return new Resolved(config, new TrainingSettings(dataset.id(), modelName, r.preset(), config));
    }

    private static long units(TrainingConfig config, int outputs) {
        return config.hiddenLayers().stream().mapToLong(Integer::longValue).sum() + outputs;
    }

    /** What the data calls for when the request does not say. */
    static Task defaultTask(Dataset dataset) {
        return dataset.label().defaultTask();
    }

    /** {@link Trainer#memoryBytes} of {@code config} on {@code dataset}: what admission holds a job to. */
    static long memoryBytes(TrainingConfig config, Dataset dataset, int threads) {
        int outputs = config.task() == Task.REGRESSION ? 1 : dataset.label().classNames().size();
        return Trainer.memoryBytes(config, dataset.rows(), dataset.featureCount(), encodedWidth(dataset), outputs,
                threads);
    }

    /**
     * What a job on {@code dataset} that sets nothing but {@code task} trains with: the modern
     * defaults for the dataset's size, for {@code task} (null: the one its label suggests).
     */
    static TrainingConfig defaults(Dataset dataset, Task task, long seed) {
        return sizedDefaults(dataset, seed).forTask(task != null ? task : defaultTask(dataset));
    }

    /** The modern defaults for the dataset's size (rows, columns, classes). */
    private static TrainingConfig sizedDefaults(Dataset dataset, long seed) {
        return TrainingConfig.defaultsFor(seed, dataset.rows(), dataset.featureCount(),
                dataset.label().classNames().size());
    }

    /**
     * The network's input width for this dataset, at most: a numeric column is one input (two with a
     * missing indicator), a categorical one an input per level (and one for missing). Training levels
     * may be fewer than the dataset's, never more.
     */
    static int encodedWidth(Dataset dataset) {
        int width = 0;
        for (Column column : dataset.features()) {
            width += width(column);
        }
        return width;
    }

    private static int width(Column column) {
        int missing = column.missing() > 0 ? 1 : 0;
        return column instanceof CategoricalColumn c ? c.levels().size() + missing : 1 + missing;
    }

    /** ", most from 'zip' (812) and 'city' (97)": the columns that widen the inputs most. */
    private static String widest(Dataset dataset) {
        List<Column> wide = dataset.features().stream().filter(c -> width(c) > 2)
                .sorted((a, b) -> Integer.compare(width(b), width(a))).limit(3).toList();
        return wide.isEmpty() ? "" : ", most from " + String.join(" and ", wide.stream()
                .map(c -> "'" + c.name() + "' (" + width(c) + ")").toList());
    }

    /** A 400 naming every bad field: the joined detail, and each one under {@code errors}. */
    static ApiException invalid(List<TrainingConfig.FieldError> errors) {
        return ApiException.invalid(ProblemType.INVALID_CONFIG, errors.stream()
                .map(f -> f.field() == null ? new FieldProblem(null, null, f.detail())
                        : FieldProblem.inBody(f.field(), f.detail()))
                .toList());
    }

    /** A dataset name made into a valid model name ("My data.csv" → "My-data.csv"). */
    static String defaultModelName(String datasetName) {
        String name = datasetName.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+", "");
        name = name.length() > 100 ? name.substring(0, 100) : name;
        return name.isEmpty() ? "model" : name;
    }
}
