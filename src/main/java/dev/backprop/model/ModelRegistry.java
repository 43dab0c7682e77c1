package dev.backprop.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.backprop.engine.NetworkModel;
import dev.backprop.engine.TrainingHistory;
import dev.backprop.system.ApiException;
import dev.backprop.system.ChunkedBlobs;
import dev.backprop.system.ClusterProperties;
import dev.backprop.system.LimitsProperties;
import jakarta.annotation.PreDestroy;

/**
 * The models the service knows, with their aliases and metadata. The database is the truth;
 * every replica serves from an in-memory copy that it refreshes when the store's stamp moves
 * (checked every {@code backprop.cluster.refresh-interval}), and at once after its own changes.
 *
 * <p>A model is addressed by id, by name (its newest version) or by {@code name@alias}; versions
 * count 1, 2, … per name and are never reused. Training, importing or deleting other versions
 * never moves an alias; deleting the version an alias points to removes the alias.
 */
@Service
public class ModelRegistry {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** The shape of a model id: only a miss on one of these asks the database whether a model just arrived. */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final int MAX_TAGS = 50;
    static final int MAX_TAG_KEY = 100;
    static final int MAX_TAG_VALUE = 500;
    static final int MAX_DESCRIPTION = 5000;

    private final ModelStore store;
    private final LimitsProperties limits;
    private final ScheduledExecutorService refresher;
    private volatile State state = State.EMPTY;
    /** Models whose stored document failed its checks: skipped (not served), reported once. */
    private final Map<String, String> unreadable = new LinkedHashMap<>();
    /** Models this replica is registering, served as they are (not decoded back) once their transaction commits. */
    private final Map<String, TrainedModel> registering = new java.util.concurrent.ConcurrentHashMap<>();

    ModelRegistry(ModelStore store, LimitsProperties limits, ClusterProperties cluster) {
        this.store = store;
        this.limits = limits;
        refresh();
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-refresh");
            t.setDaemon(true);
            return t;
        });
        long every = cluster.refreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(() -> refreshIfChanged(), every, every, TimeUnit.MILLISECONDS);
    }

    /** What a new model consists of, before the registry names and numbers it. */
    public record Draft(String name, String datasetId, String labelColumn, TrainingSettings config,
                        ModelMetrics metrics, TrainingHistory history, Provenance provenance, NetworkModel network) {
    }

    /** One model as served, with its mutable metadata. */
    record Entry(TrainedModel model, String description, Map<String, String> tags) {
    }

    /** An immutable copy of everything served; replaced whole on refresh. */
    private record State(long stamp, Map<String, Entry> byId, Map<String, List<Entry>> byName,
                         Map<String, Map<String, Integer>> aliases) {
        static final State EMPTY = new State(Long.MIN_VALUE, Map.of(), Map.of(), Map.of());
    }

    public static void checkName(String name) {
        checkName("modelName", name);
    }

    static void checkName(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest(field + " must be 1–100 characters of letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit; was '" + name + "'").with("field", field);
        }
    }

    /** Fails fast (before a long training) when no further model could be stored. */
    public void checkCapacity() {
        if (state.byId().size() >= limits.storedModels()) {
            throw ApiException.conflict("The model store is full (" + limits.storedModels()
                    + " models, backprop.limits.stored-models); delete models you no longer need");
        }
    }

    /**
     * Numbers and stores a new model. In a transaction (a job's outcome is written with it) the
     * model is served once that transaction commits.
     */
    public TrainedModel register(Draft draft) {
        checkName(draft.name());
        checkCapacity();
        NetworkModel net = draft.network();
        String id = UUID.randomUUID().toString();
        Instant createdAt = Instant.now();
        TrainedModel[] made = new TrainedModel[1];
        store.insert(id, draft.name(), createdAt, version -> {
            made[0] = new TrainedModel(id, draft.name(), version, createdAt, draft.datasetId(), net.featureNames(),
                    net.classNames(), draft.labelColumn(), java.util.Arrays.stream(net.layerSizes()).boxed().toList(),
                    net.parameterCount(), draft.config(), draft.config().seed(), draft.metrics(), draft.history(),
                    draft.provenance(), net);
            return ModelDocuments.export(made[0]);
        });
        registering.put(id, made[0]);
        afterCompletion(committed -> {
            if (committed) {
                refresh();
            }
            registering.remove(id);
        });
        return made[0];
    }

    /**
     * Stores a model exactly as a document describes it (id, name, version, time): an earlier
     * version's model file. A model whose id is known already is left alone.
     */
    void restore(ModelDocument document) {
        TrainedModel model = ModelDocuments.restore(document);
        if (state.byId().containsKey(model.id())) {
            return;
        }
        store.insertExact(model.id(), model.name(), model.version(), model.createdAt(), ModelDocuments.export(model));
        refresh();
    }

    public Optional<TrainedModel> find(String id) {
        Entry entry = state.byId().get(id);
        if (entry == null && ID.matcher(id).matches() && refreshIfChanged()) {
            // trained or imported on another replica a moment ago: seen now, not at the next refresh
            entry = state.byId().get(id);
        }
        return Optional.ofNullable(entry).map(Entry::model);
    }

    /**
     * By id, {@code name} (newest version) or {@code name@alias}.
     *
     * @throws ApiException 404 naming what was not found
     */
    public TrainedModel require(String ref) {
        return resolve(ref).orElseThrow(() -> notFound(ref));
    }

    /** By id, {@code name} (newest version) or {@code name@alias}. */
    public Optional<TrainedModel> resolve(String ref) {
        if (ref == null) {
            return Optional.empty();
        }
        int at = ref.indexOf('@');
        if (at > 0) {
            return alias(ref.substring(0, at), ref.substring(at + 1));
        }
        return find(ref).or(() -> latest(ref));
    }

    private ApiException notFound(String ref) {
        int at = ref == null ? -1 : ref.indexOf('@');
        if (at > 0) {
            String name = ref.substring(0, at);
            String alias = ref.substring(at + 1);
            String detail = latest(name).isEmpty() ? "Model '" + name + "' does not exist"
                    : "Model '" + name + "' has no alias '" + alias + "'; its aliases are "
                    + aliasesOf(name).keySet();
            return new ApiException(HttpStatus.NOT_FOUND, "Model not found", detail).with("ref", ref);
        }
        return ApiException.notFound("Model", ref);
    }

    /** The version {@code name@alias} points to. */
    public Optional<TrainedModel> alias(String name, String alias) {
        Integer version = state.aliases().getOrDefault(name, Map.of()).get(alias);
        return version == null ? Optional.empty() : version(name, version);
    }

    public Optional<TrainedModel> latest(String name) {
        List<Entry> versions = state.byName().get(name);
        return versions == null || versions.isEmpty() ? Optional.empty()
                : Optional.of(versions.get(versions.size() - 1).model());
    }

    public Optional<TrainedModel> version(String name, int version) {
        return state.byName().getOrDefault(name, List.of()).stream().map(Entry::model)
                .filter(m -> m.version() == version).findFirst();
    }

    /** Every version of {@code name}, oldest first. */
    public List<TrainedModel> versions(String name) {
        return state.byName().getOrDefault(name, List.of()).stream().map(Entry::model).toList();
    }

    /** Oldest first. */
    public List<TrainedModel> list() {
        return entries(e -> true).stream().map(Entry::model).toList();
    }

    /** The entries that match, oldest first. */
    List<Entry> entries(Predicate<Entry> filter) {
        return state.byId().values().stream().filter(filter)
                .sorted(Comparator.comparing((Entry e) -> e.model().createdAt()).thenComparing(e -> e.model().name())
                        .thenComparingInt(e -> e.model().version()))
                .toList();
    }

    Optional<Entry> entry(String id) {
        return Optional.ofNullable(state.byId().get(id));
    }

    /** alias → version for one name, sorted by alias. */
    public Map<String, Integer> aliasesOf(String name) {
        return new java.util.TreeMap<>(state.aliases().getOrDefault(name, Map.of()));
    }

    /** The aliases pointing at this very model. */
    public List<String> aliasesOf(TrainedModel model) {
        return aliasesOf(model.name()).entrySet().stream().filter(e -> e.getValue() == model.version())
                .map(Map.Entry::getKey).toList();
    }

    public void delete(String id) {
        if (!store.delete(id)) {
            throw ApiException.notFound("Model", id);
        }
        afterCommit(this::refresh);
    }

    /** Sets or moves {@code name@alias} to {@code version}; the version must exist. */
    public TrainedModel setAlias(String name, String alias, int version) {
        TrainedModel target = version(name, version).orElseThrow(() -> latest(name).isEmpty()
                ? ApiException.notFound("Model", name)
                : ApiException.notFound("Model version", name + " v" + version).with("versions",
                versions(name).stream().map(TrainedModel::version).toList()));
        return setAlias(target, alias);
    }

    /** Points {@code alias} of the model's name at this model (which may not be served yet: a new one in this transaction). */
    public TrainedModel setAlias(TrainedModel target, String alias) {
        checkName("alias", alias);
        if ("latest".equalsIgnoreCase(alias)) {
            throw ApiException.badRequest("alias 'latest' is reserved: a plain model name already means its newest "
                    + "version").with("field", "alias");
        }
        store.putAlias(target.name(), alias, target.version());
        afterCommit(this::refresh);
        return target;
    }

    public void deleteAlias(String name, String alias) {
        if (!store.deleteAlias(name, alias)) {
            throw new ApiException(HttpStatus.NOT_FOUND, "Alias not found", "Model '" + name + "' has no alias '"
                    + alias + "'").with("ref", name + "@" + alias);
        }
        afterCommit(this::refresh);
    }

    /** Replaces a model's description and tags (the caller merges a patch first). */
    void updateMetadata(String id, String description, Map<String, String> tags) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ApiException.badRequest("description is longer than " + MAX_DESCRIPTION + " characters")
                    .with("field", "description");
        }
        if (tags.size() > MAX_TAGS) {
            throw ApiException.badRequest("a model has at most " + MAX_TAGS + " tags, this would be " + tags.size())
                    .with("field", "tags");
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().isBlank() || tag.getKey().length() > MAX_TAG_KEY) {
                throw ApiException.badRequest("tag names must be 1–" + MAX_TAG_KEY + " characters, was '"
                        + tag.getKey() + "'").with("field", "tags");
            }
            if (tag.getValue().length() > MAX_TAG_VALUE) {
                throw ApiException.badRequest("tag '" + tag.getKey() + "' is longer than " + MAX_TAG_VALUE
                        + " characters").with("field", "tags." + tag.getKey());
            }
        }
        if (!store.updateMetadata(id, description, tags)) {
            throw ApiException.notFound("Model", id);
        }
        afterCommit(this::refresh);
    }

    /** Model ids whose stored documents failed their checks, with the reason; they are not served. */
    public Map<String, String> unreadable() {
        synchronized (this) {
            return Map.copyOf(unreadable);
        }
    }

    /** @return whether anything changed (and was loaded) */
    private boolean refreshIfChanged() {
        try {
            if (store.stamp() != state.stamp()) {
                refresh();
                return true;
            }
        } catch (RuntimeException e) {
            // the database is unreachable for a moment: keep serving what we have, try again next tick
            log.warn("Could not refresh the models from the database: {}", e.getMessage());
        }
        return false;
    }

    /** Reloads what changed (reading in the caller's transaction, if any): new models' documents, removed ids, metadata and aliases. */
    public synchronized void refresh() {
        long stamp = store.stamp();
        State old = state;
        Map<String, Entry> byId = new HashMap<>();
        for (ModelStore.Row row : store.rows()) {
            Entry known = old.byId().get(row.id());
            TrainedModel model = known != null ? known.model() : load(row);
            if (model != null) {
                byId.put(row.id(), new Entry(model, row.description(), Map.copyOf(row.tags())));
            }
        }
        Map<String, List<Entry>> byName = new HashMap<>();
        for (Entry e : byId.values()) {
            byName.computeIfAbsent(e.model().name(), k -> new ArrayList<>()).add(e);
        }
        byName.values().forEach(l -> l.sort(Comparator.comparingInt(e -> e.model().version())));
        Map<String, Map<String, Integer>> aliases = new HashMap<>();
        store.aliases().forEach((name, map) -> aliases.put(name, Map.copyOf(map)));
        state = new State(stamp, Map.copyOf(byId), Map.copyOf(byName), Map.copyOf(aliases));
    }

    private TrainedModel load(ModelStore.Row row) {
        TrainedModel mine = registering.get(row.id());
        if (mine != null) {
            return mine;
        }
        if (unreadable.containsKey(row.id())) {
            return null;
        }
        try {
            return store.document(row.id()).map(ModelDocuments::restore).orElse(null);
        } catch (ChunkedBlobs.CorruptValueException | ApiException e) {
            String reason = e.getMessage();
            unreadable.put(row.id(), reason);
            log.warn("Model {} ({} v{}) is not served: {}", row.id(), row.name(), row.version(), reason);
            return null;
        }
    }

    /** Runs {@code action(committed)} when the caller's transaction ends, or at once (committed) without one. */
    private static void afterCompletion(java.util.function.Consumer<Boolean> action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    action.accept(status == STATUS_COMMITTED);
                }
            });
        } else {
            action.accept(true);
        }
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }
}
