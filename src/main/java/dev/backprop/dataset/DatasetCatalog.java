package dev.backprop.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Service;

import dev.backprop.system.ApiException;
import dev.backprop.system.TextRules;
import dev.backprop.system.LimitsProperties;
import dev.backprop.system.HeapDatabase;
import dev.backprop.system.MemoryBudget;
import dev.backprop.system.Page;
import dev.backprop.tabular.MissingMarkers;
import dev.backprop.tabular.SafeText;
import dev.backprop.tabular.TabularProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The datasets known to the service: the built-in {@code iris} plus the uploaded ones in the
 * {@link DatasetStore}. Other modules use {@link #require}, {@link #find} and {@link #iris}.
 *
 * <p>At most {@code backprop.limits.stored-datasets} uploaded datasets are kept (the built-in one
 * does not count); an upload beyond that answers 409 Conflict until one is deleted.
 */
@Service
public class DatasetCatalog {

    static final String IRIS_ID = "iris";
    static final int MAX_NAME_LENGTH = 200;

    private final DatasetStore store;
    private final ApplicationEventPublisher events;
    private final LimitsProperties limits;
    private final CsvDatasetParser parser;
    private final Dataset iris;
    private final DatasetSummary irisSummary;
    private final Counter accepted;
    private final Counter rejected;
    private final DistributionSummary uploadBytes;

    private final MemoryBudget budget;
    private final HeapDatabase heapDatabase;

    DatasetCatalog(DatasetStore store, LimitsProperties limits, TabularProperties tabular,
                   ObjectProvider<MeterRegistry> meterRegistry, ApplicationEventPublisher events, MemoryBudget budget,
                   HeapDatabase heapDatabase) {
        this.heapDatabase = heapDatabase;
        this.store = store;
        this.budget = budget;
        this.events = events;
        this.limits = limits;
        this.parser = new CsvDatasetParser(limits.uploadBytes().toBytes(), limits.rows(), limits.columns(),
                limits.levels(), tabular.markers());
        this.iris = loadIris();
        this.irisSummary = DatasetSummary.of(iris);
        MeterRegistry registry = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
        this.accepted = Counter.builder("backprop.datasets.uploads").tag("outcome", "accepted")
                .description("Dataset uploads").register(registry);
        this.rejected = Counter.builder("backprop.datasets.uploads").tag("outcome", "rejected")
                .description("Dataset uploads").register(registry);
        this.uploadBytes = DistributionSummary.builder("backprop.datasets.upload.bytes").baseUnit("bytes")
                .description("Size of accepted dataset uploads").register(registry);
    }

    /** @throws ApiException 404 when there is no dataset with this id */
    public Dataset require(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound("Dataset", id));
    }

    public Optional<Dataset> find(String id) {
        return IRIS_ID.equals(id) ? Optional.of(iris) : store.find(id);
    }

    /** The built-in Iris data (150 rows, 4 features, classes setosa, versicolor, virginica). */
    public Dataset iris() {
        return iris;
    }

    /** The built-in dataset first, then uploads newest first. */
    Page<DatasetSummary> list(Page.Request request) {
        // item 0 is the built-in dataset; item i > 0 is the store's item i − 1
        List<DatasetSummary> items = new ArrayList<>(request.size());
        long offset = request.offset();
        int wanted = request.size();
        if (offset == 0) {
            items.add(irisSummary);
            wanted--;
        }
        if (wanted > 0) {
            long storeOffset = Math.max(0, offset - 1);
            items.addAll(store.summaries(storeOffset, wanted));
        }
        return new Page<>(items, request.page(), request.size(), store.count() + 1L);
    }

    DatasetSummary summary(String id) {
        if (IRIS_ID.equals(id)) {
            return irisSummary;
        }
        return store.summary(id).orElseThrow(() -> ApiException.notFound("Dataset", id));
    }

    /**
     * Parses and stores an upload.
     *
     * @param name the dataset's name, or null/blank for {@code fallbackName}
     * @param fallbackName e.g. the uploaded file's name; its extension and any path are dropped
     * @param columnTypes e.g. {@code age:numeric,zip:categorical}, or null to infer every type
     */
    Dataset upload(InputStream csv, String name, String fallbackName, String labelColumn, String columnTypes) {
        ensureRoom();
        String resolvedName = resolveName(name, fallbackName);
        try (MemoryBudget.Reservation memory = budget.reserve("this upload")) {
            ParsedDataset parsed;
            try {
                parsed = parser.parse(memory.metered(csv, UPLOAD_BYTES_PER_BYTE), labelColumn,
                        ColumnTypes.parse(columnTypes));
            } catch (RuntimeException e) {
                rejected.increment();
                throw e;
            }
            Dataset dataset = new Dataset(DatasetIds.newId(resolvedName), resolvedName, parsed.features(),
                    parsed.label(), parsed.sha256(), Instant.now(), false, parsed.rows(), parsed.skippedRows());
            DatasetSummary summary = DatasetSummary.of(dataset);
            synchronized (this) {
                ensureRoom();
                heapDatabase.checkRoom(store.storedBytes(), dataset.heapBytes(), "this upload");
                store.save(dataset, summary);
            }
            accepted.increment();
            uploadBytes.record(parsed.bytes());
            return dataset;
        }
    }

    /**
     * What an upload holds per byte of CSV while it is parsed and stored, at most: its columns
     * (up to 8 bytes a cell, a cell being at least two bytes of text) with growth slack, then
     * their stored form beside them. The measured peak of the largest allowed upload is ≈ 1.5×
     * the dataset (docs/datasets.md).
     */
    static final int UPLOAD_BYTES_PER_BYTE = 2;

    /** @throws ApiException 409 for the built-in dataset, 404 for an unknown id */
    void delete(String id) {
        if (IRIS_ID.equals(id)) {
            throw ApiException.conflict("Dataset 'iris' is built in and cannot be deleted").with("id", id);
        }
        if (!store.delete(id)) {
            throw ApiException.notFound("Dataset", id);
        }
        events.publishEvent(new DatasetDeleted(id));
    }

    private void ensureRoom() {
        int max = limits.storedDatasets();
        if (store.count() >= max) {
            rejected.increment();
            throw ApiException.conflict("The dataset store is full: " + max
                    + " datasets are stored (backprop.limits.stored-datasets); delete one first")
                    .with("limit", max);
        }
    }

    static String resolveName(String name, String fallbackName) {
        if (name != null && !name.isBlank()) {
            String trimmed = TextRules.checkName("name", name.strip());
            if (trimmed.length() > MAX_NAME_LENGTH) {
                throw ApiException.invalidParameter("name", "name is longer than " + MAX_NAME_LENGTH + " characters")
                        .with("field", "name");
            }
            return trimmed;
        }
        if (fallbackName != null) {
            // a file name is the client's file system's business: drop what a name may not hold rather than refuse
            StringBuilder safe = new StringBuilder(fallbackName.length());
            fallbackName.chars().filter(c -> !SafeText.forbidden((char) c)).forEach(c -> safe.append((char) c));
            String cleaned = safe.toString();
            String file = cleaned.substring(Math.max(cleaned.lastIndexOf('/'), cleaned.lastIndexOf('\\')) + 1);
            int dot = file.lastIndexOf('.');
            String base = (dot > 0 ? file.substring(0, dot) : file).strip();
            if (!base.isEmpty()) {
                return base.length() > MAX_NAME_LENGTH ? base.substring(0, MAX_NAME_LENGTH) : base;
            }
        }
        return "dataset";
    }

    private Dataset loadIris() {
        CsvDatasetParser unlimited = new CsvDatasetParser(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
                CompactColumns.SHORT_CODES, MissingMarkers.DEFAULT);
        try (InputStream in = new ClassPathResource("datasets/iris.csv").getInputStream()) {
            ParsedDataset parsed = unlimited.parse(in, "Species", Map.of());
            return new Dataset(IRIS_ID, "iris", parsed.features(), parsed.label(), parsed.sha256(), Instant.now(), true,
                    parsed.rows(), parsed.skippedRows());
        } catch (IOException e) {
            throw new UncheckedIOException("The built-in dataset datasets/iris.csv is missing", e);
        }
    }
}
