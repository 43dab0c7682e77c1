package dev.backprop.prediction;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Service;

import dev.backprop.engine.NetworkModel;
import dev.backprop.engine.Task;
import dev.backprop.model.ModelRegistry;
import dev.backprop.model.TrainedModel;
import dev.backprop.system.ApiException;
import dev.backprop.system.LimitsProperties;
import dev.backprop.system.MemoryBudget;
import dev.backprop.system.ProblemType;
import dev.backprop.system.ServingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.backprop.tabular.TabularProperties;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;

/** Checks instances against a model's features, predicts, and flags inputs far outside training. */
@Service
public class PredictionService {

    private final ModelRegistry models;
    private final ServingProperties serving;
    private final LimitsProperties limits;
    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final MemoryBudget budget;
    private final TabularProperties tabular;

    PredictionService(ModelRegistry models, ServingProperties serving, LimitsProperties limits, MeterRegistry meters,
                      MemoryBudget budget, TabularProperties tabular) {
        this.models = models;
        this.budget = budget;
        this.tabular = tabular;
        this.serving = serving;
        this.limits = limits;
        this.meters = meters;
    }

    /**
     * The model {@code /predict} serves: {@code backprop.default-model}, a name (its newest version)
     * or {@code name@alias}. Training never changes it; moving the alias does.
     */
    public TrainedModel defaultModel() {
        String ref = serving.defaultModel();
        return models.resolve(ref).orElseThrow(() -> {
            int at = ref.indexOf('@');
            String detail = at > 0
                    ? "The default model '" + ref + "' (backprop.default-model) points nowhere: model '"
                    + ref.substring(0, at) + "' has no alias '" + ref.substring(at + 1) + "'; set it with PUT "
                    + "/api/v1/models/" + ref.substring(0, at) + "/aliases/" + ref.substring(at + 1) + " {\"version\": N}"
                    : "The default model '" + ref + "' (backprop.default-model) does not exist yet; train a model "
                    + "with that name";
            return new ApiException(ProblemType.NO_DEFAULT_MODEL, detail).with("ref", ref);
        });
    }

    /** By id, name (newest version) or name@alias. */
    public TrainedModel model(String ref) {
        return models.require(ref);
    }

    /** Instances from a JSON body; the caller closes the rows. */
    InstanceRows readJson(TrainedModel model, JsonParser body, boolean singleAllowed) {
        InstanceRows rows = rows(model, JsonInstanceReader.PLACE);
        try {
            JsonInstanceReader.read(body, rows, singleAllowed);
            return rows;
        } catch (RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    /** Instances from a CSV body with a header row; the caller closes the rows. */
    InstanceRows readCsv(TrainedModel model, InputStream csv) {
        InstanceRows rows = rows(model, CsvInstanceReader.PLACE);
        try {
            CsvInstanceReader.read(csv, rows, model.labelColumn(), tabular.markers());
            return rows;
        } catch (RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    /** An empty set of instances for {@code model}, for a reader of its own (the OIP tensors). */
    public InstanceRows rows(TrainedModel model, InstanceRows.Place place) {
        return new InstanceRows(model.network(), limits.predictionInstances(), place, budget);
    }

    /** Rows predicted at once; the answer is written as they come, so it is never held whole. */
    static final int CHUNK = 1024;

    /** The model's outputs for a slice of instances. */
    public record Outputs(double[] probabilities, double[] scores, double[] values) {
    }

    /**
     * Predicts rows {@code [from, from + count)}: for a classifier, probabilities (rows × classes,
     * each row sums to 1) and, for sigmoid outputs, the raw scores; for a regression, the values.
     */
    public Outputs outputs(TrainedModel model, InstanceRows rows, int from, int count) {
        long start = System.nanoTime();
        NetworkModel net = model.network();
        int cols = rows.columns();
        double[] raw = from == 0 && count * cols == rows.raw().length ? rows.raw()
                : Arrays.copyOfRange(rows.raw(), from * cols, (from + count) * cols);
        double[] out = net.predictBatch(raw, count);
        timer(model).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (net.task() == Task.REGRESSION) {
            return new Outputs(null, null, out);
        }
        double[] p = net.probabilities(out, count);
        return new Outputs(p, p == out ? null : out, null);
    }

    /**
     * Writes {@code {"model": {id, name, version}, "predictions": [...]}} ({@code model} only with
     * {@code named}): the shape of {@link PredictionResponse}, written as it is computed.
     */
    void writeResponse(TrainedModel model, InstanceRows rows, JsonGenerator out, boolean named) {
        out.writeStartObject();
        if (named) {
            out.writeName("model");
            out.writeStartObject();
            out.writeStringProperty("id", model.id());
            out.writeStringProperty("name", model.name());
            out.writeNumberProperty("version", model.version());
            out.writeEndObject();
        }
        out.writeName("predictions");
        out.writeStartArray();
        writePredictions(model, rows, out);
        out.writeEndArray();
        out.writeEndObject();
    }

    /**
     * Writes the predictions of all {@code rows} as a JSON array's elements, chunk by chunk:
     * {@code {label, probabilities, scores?, warnings?}} for a classifier, {@code {value, warnings?}}
     * for a regression.
     */
    void writePredictions(TrainedModel model, InstanceRows rows, JsonGenerator out) {
        List<String> classes = model.classNames();
        for (int from = 0; from < rows.rows(); from += CHUNK) {
            int count = Math.min(CHUNK, rows.rows() - from);
            Outputs o = outputs(model, rows, from, count);
            for (int r = 0; r < count; r++) {
                out.writeStartObject();
                if (o.values() != null) {
                    out.writeNumberProperty("value", o.values()[r]);
                } else {
                    int k = classes.size();
                    int best = 0;
                    for (int c = 1; c < k; c++) {
                        best = o.probabilities()[r * k + c] > o.probabilities()[r * k + best] ? c : best;
                    }
                    out.writeStringProperty("label", classes.get(best));
                    out.writeName("probabilities");
                    writeClasses(out, classes, o.probabilities(), r * k);
                    if (o.scores() != null) {
                        out.writeName("scores");
                        writeClasses(out, classes, o.scores(), r * k);
                    }
                }
                List<String> warnings = rows.warnings(from + r);
                if (!warnings.isEmpty()) {
                    out.writeName("warnings");
                    out.writeStartArray();
                    for (String w : warnings) {
                        out.writeString(w);
                    }
                    out.writeEndArray();
                }
                out.writeEndObject();
            }
            out.flush();
        }
    }

    private static void writeClasses(JsonGenerator out, List<String> classes, double[] values, int base) {
        out.writeStartObject();
        for (int c = 0; c < classes.size(); c++) {
            out.writeNumberProperty(classes.get(c), values[base + c]);
        }
        out.writeEndObject();
    }

    private Timer timer(TrainedModel model) {
        return timers.computeIfAbsent(model.name(), name -> Timer.builder("backprop.predictions").tag("model", name)
                .description("Prediction requests: count and latency").register(meters));
    }
}
