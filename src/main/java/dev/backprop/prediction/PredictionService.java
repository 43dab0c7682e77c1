package dev.backprop.prediction;

import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Service;

import dev.backprop.engine.NetworkModel;
import dev.backprop.model.ModelRegistry;
import dev.backprop.model.TrainedModel;
import dev.backprop.system.ApiException;
import dev.backprop.system.LimitsProperties;
import dev.backprop.system.ProblemType;
import dev.backprop.system.ServingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.core.JsonParser;

/** Checks instances against a model's features, predicts, and flags inputs far outside training. */
@Service
public class PredictionService {

    /** A value more than this many training ranges beyond the nearest bound gets a warning. */
    static final double FAR_OUTSIDE_RANGES = 1.0;

    private final ModelRegistry models;
    private final ServingProperties serving;
    private final LimitsProperties limits;
    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    PredictionService(ModelRegistry models, ServingProperties serving, LimitsProperties limits, MeterRegistry meters) {
        this.models = models;
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

    PredictionResponse predictJson(TrainedModel model, JsonParser body, boolean singleAllowed) {
        return predict(model, JsonInstanceReader.read(body, model.featureNames(), model.network().featureColumns(),
                limits.predictionInstances(), singleAllowed));
    }

    PredictionResponse predictCsv(TrainedModel model, Reader csv) {
        return predict(model, CsvInstanceReader.read(csv, model.featureNames(), model.network().featureColumns(), model.labelColumn(),
                limits.predictionInstances()));
    }

    /**
     * Predicts a dense block already in feature order (the Open Inference Protocol's tensors):
     * probabilities (rows × classes, each row sums to 1) and, for sigmoid outputs, the raw scores.
     */
    public Outputs outputs(TrainedModel model, double[] features, int rows) {
        long start = System.nanoTime();
        NetworkModel net = model.network();
        double[] raw = net.predictBatch(features, rows);
        double[] p = net.probabilities(raw, rows);
        timer(model).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return new Outputs(p, p == raw ? null : raw);
    }

    /** @param scores the raw outputs when they are not probabilities themselves (sigmoid), else null */
    public record Outputs(double[] probabilities, double[] scores) {
    }

    PredictionResponse predict(TrainedModel model, InstanceBatch batch) {
        long start = System.nanoTime();
        NetworkModel net = model.network();
        int rows = batch.rows();
        int cols = net.featureCount();
        int classes = net.classCount();
        double[] raw = rows == 1 ? net.predict(batch.features()) : net.predictBatch(batch.features(), rows);
        double[] p = net.probabilities(raw, rows);
        List<String> classNames = model.classNames();
        List<Prediction> predictions = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Map<String, Double> probabilities = new LinkedHashMap<>(classes * 2);
            Map<String, Double> scores = p == raw ? null : new LinkedHashMap<>(classes * 2);
            int best = 0;
            for (int c = 0; c < classes; c++) {
                double pc = p[r * classes + c];
                probabilities.put(classNames.get(c), pc);
                if (scores != null) {
                    scores.put(classNames.get(c), raw[r * classes + c]);
                }
                if (pc > p[r * classes + best]) {
                    best = c;
                }
            }
            predictions.add(new Prediction(classNames.get(best), probabilities, scores,
                    warnings(model, batch.features(), r * cols)));
        }
        timer(model).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return new PredictionResponse(model.ref(), predictions);
    }

    private static List<String> warnings(TrainedModel model, double[] x, int offset) {
        NetworkModel net = model.network();
        List<String> warnings = null;
        for (int j = 0; j < net.featureCount(); j++) {
            if (!(net.encoder().inputs().get(j) instanceof dev.backprop.engine.InputEncoder.NumericInput input)) {
                continue;
            }
            double min = input.min();
            double max = input.max();
            double range = max - min > 0 ? max - min : Math.max(Math.abs(max), 1e-9);
            double v = x[offset + j];
            if (v < min - FAR_OUTSIDE_RANGES * range || v > max + FAR_OUTSIDE_RANGES * range) {
                if (warnings == null) {
                    warnings = new ArrayList<>(1);
                }
                warnings.add("feature '" + model.featureNames().get(j) + "' = " + v
                        + " is far outside the training range [" + min + ", " + max + "]; the prediction is an extrapolation");
            }
        }
        return warnings == null ? List.of() : warnings;
    }

    private Timer timer(TrainedModel model) {
        return timers.computeIfAbsent(model.name(), name -> Timer.builder("backprop.predictions").tag("model", name)
                .description("Prediction requests: count and latency").register(meters));
    }
}
