package dev.backprop.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;

import dev.backprop.engine.NetworkModel;
import dev.backprop.engine.TrainingHistory;
import dev.backprop.system.ApiException;
import dev.backprop.system.LimitsProperties;

/**
 * The models the service knows: gives each a unique id and a version per name (1, 2, …; a
 * deleted version's number is never reused while the service runs), and finds them by id or by
 * name (newest version).
 */
@Service
public class ModelRegistry {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final ModelStore store;
    private final LimitsProperties limits;
    private final Map<String, Integer> highestVersion = new HashMap<>();

    ModelRegistry(ModelStore store, LimitsProperties limits) {
        this.store = store;
        this.limits = limits;
        for (TrainedModel model : store.all()) {
            highestVersion.merge(model.name(), model.version(), Math::max);
        }
    }

    /** What a new model consists of, before the registry names and numbers it. */
    public record Draft(String name, String datasetId, String labelColumn, TrainingSettings config,
                        ModelMetrics metrics, TrainingHistory history, Provenance provenance, NetworkModel network) {
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("modelName must be 1–100 characters of letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit; was '" + name + "'");
        }
    }

    /** Fails fast (before a long training) when no further model could be stored. */
    public void checkCapacity() {
        if (store.all().size() >= limits.storedModels()) {
            throw ApiException.conflict("The model store is full (" + limits.storedModels()
                    + " models, backprop.limits.stored-models); delete models you no longer need");
        }
    }

    public synchronized TrainedModel register(Draft draft) {
        checkName(draft.name());
        checkCapacity();
        int version = highestVersion.merge(draft.name(), 1, (old, one) -> old + 1);
        NetworkModel net = draft.network();
        TrainedModel model = new TrainedModel(UUID.randomUUID().toString(), draft.name(), version, Instant.now(),
                draft.datasetId(), net.featureNames(), net.classNames(), draft.labelColumn(),
                java.util.Arrays.stream(net.layerSizes()).boxed().toList(), net.parameterCount(), draft.config(),
                draft.config().seed(), draft.metrics(), draft.history(), draft.provenance(), net);
        store.save(model);
        return model;
    }

    public Optional<TrainedModel> find(String id) {
        return store.find(id);
    }

    /** By id, or by name for its newest version. */
    public TrainedModel require(String idOrName) {
        return store.find(idOrName).or(() -> latest(idOrName))
                .orElseThrow(() -> ApiException.notFound("Model", idOrName));
    }

    public Optional<TrainedModel> latest(String name) {
        return store.all().stream().filter(m -> m.name().equals(name))
                .max(Comparator.comparingInt(TrainedModel::version));
    }

    public Optional<TrainedModel> version(String name, int version) {
        return store.all().stream().filter(m -> m.name().equals(name) && m.version() == version).findFirst();
    }

    /** Oldest first. */
    public List<TrainedModel> list() {
        return store.all().stream()
                .sorted(Comparator.comparing(TrainedModel::createdAt).thenComparing(TrainedModel::name)
                        .thenComparingInt(TrainedModel::version))
                .toList();
    }

    public void delete(String id) {
        if (!store.delete(id)) {
            throw ApiException.notFound("Model", id);
        }
    }
}
