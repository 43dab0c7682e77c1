package dev.backprop.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import dev.backprop.system.ChunkedBlobs;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link DatasetStore} on the service's database: the encoded dataset in chunks (checked against
 * its SHA-256 at every load), its summary beside it as JSON. Decoded datasets are kept in a small
 * cache (by total size), since a worker trains on the same data repeatedly.
 */
@Repository
class JdbcDatasetStore implements DatasetStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcDatasetStore.class);
    /** Decoded datasets kept, by their size in memory: a quarter of the heap at most. */
    private static final long CACHE_BYTES = Runtime.getRuntime().maxMemory() / 4;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final ChunkedBlobs contents;
    private final Map<String, Dataset> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedBytes;

    JdbcDatasetStore(JdbcClient jdbc, TransactionTemplate tx, JsonMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.contents = new ChunkedBlobs(jdbc, "dataset_chunks", "dataset_id", false);
    }

    @Override
    public void save(Dataset dataset, DatasetSummary summary) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("insert into datasets (id, name, created_at, sha256, rows_count, summary, content_bytes, "
                            + "content_sha256) values (?, ?, ?, ?, ?, ?, 0, '')")
                    .params(dataset.id(), dataset.name(), Timestamp.from(dataset.createdAt()), dataset.sha256(),
                            dataset.rows(), json.writeValueAsString(summary))
                    .update();
            ChunkedBlobs.Content content = contents.write(dataset.id(), out -> DatasetCodec.write(dataset, out));
            jdbc.sql("update datasets set content_bytes = ?, content_sha256 = ? where id = ?")
                    .params(content.bytes(), content.sha256(), dataset.id()).update();
        });
        remember(dataset);
    }

    @Override
    public Optional<Dataset> find(String id) {
        // asked of the database every time: a dataset deleted on another replica is gone here too
        Optional<ChunkedBlobs.Content> content = jdbc.sql("select content_bytes, content_sha256 from datasets where id = ?")
                .param(id).query((rs, n) -> new ChunkedBlobs.Content(rs.getLong(1), rs.getString(2))).optional();
        if (content.isEmpty()) {
            forget(id);
            return Optional.empty();
        }
        synchronized (this) {
            Dataset cached = cache.get(id);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        Dataset dataset;
        try (InputStream in = contents.read(id, content.get())) {
            dataset = DatasetCodec.read(in, content.get().bytes());
        } catch (IOException e) {
            throw new ChunkedBlobs.CorruptValueException("the stored value of dataset '" + id + "' is damaged: "
                    + e.getMessage());
        }
        remember(dataset);
        return Optional.of(dataset);
    }

    private synchronized void remember(Dataset dataset) {
        long bytes = dataset.heapBytes();
        if (bytes > CACHE_BYTES || cache.containsKey(dataset.id())) {
            return;
        }
        cache.put(dataset.id(), dataset);
        cachedBytes += bytes;
        var eldest = cache.entrySet().iterator();
        while (cachedBytes > CACHE_BYTES && eldest.hasNext()) {
            Dataset evicted = eldest.next().getValue();
            eldest.remove();
            cachedBytes -= evicted.heapBytes();
        }
    }

    private synchronized void forget(String id) {
        Dataset removed = cache.remove(id);
        if (removed != null) {
            cachedBytes -= removed.heapBytes();
        }
    }

    @Override
    public Optional<DatasetSummary> summary(String id) {
        return jdbc.sql("select summary from datasets where id = ?").param(id).query(String.class).optional()
                .map(s -> json.readValue(s, DatasetSummary.class));
    }

    @Override
    public List<DatasetSummary> summaries(long offset, int limit) {
        return jdbc.sql("select summary from datasets order by created_at desc, id limit ? offset ?")
                .params(limit, offset).query(String.class).list().stream()
                .map(s -> json.readValue(s, DatasetSummary.class)).toList();
    }

    @Override
    public boolean delete(String id) {
        boolean existed = Boolean.TRUE.equals(tx.execute(status -> {
            jdbc.sql("delete from dataset_chunks where dataset_id = ?").param(id).update();
            return jdbc.sql("delete from datasets where id = ?").param(id).update() > 0;
        }));
        forget(id);
        if (existed) {
            log.debug("Dataset {} deleted", id);
        }
        return existed;
    }

    @Override
    public int count() {
        return jdbc.sql("select count(*) from datasets").query(Integer.class).single();
    }

    @Override
    public long storedBytes() {
        return jdbc.sql("select coalesce(sum(content_bytes), 0) from datasets").query(Long.class).single();
    }
}
