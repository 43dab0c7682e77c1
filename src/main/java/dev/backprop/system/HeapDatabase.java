package dev.backprop.system;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The default in-memory database keeps every stored dataset's bytes in the heap, beside the
 * service's own working memory; without a bound, uploads that each fit would together end in an
 * OutOfMemoryError. With the in-memory database, stored datasets may take at most
 * {@code backprop.limits.in-memory-store} (default: a quarter of the maximum heap); a file or
 * server database has no such bound (its disk is the limit, and a full disk is a 507 too).
 */
@Component
public class HeapDatabase {

    private final boolean active;
    private final long capacity;

    @Autowired
    HeapDatabase(@Value("${spring.datasource.url:}") String url, LimitsProperties limits) {
        this(DatabaseDefaults.inMemory(url), limits.inMemoryStore() != null ? limits.inMemoryStore().toBytes()
                : Runtime.getRuntime().maxMemory() / 4);
    }

    public HeapDatabase(boolean active, long capacity) {
        this.active = active;
        this.capacity = capacity;
    }

    /**
     * @param stored bytes the stored datasets take now
     * @param adding bytes the new one would add
     * @throws ApiException 507 when the in-memory database would hold more than its share of the heap
     */
    public void checkRoom(long stored, long adding, String what) {
        if (active && stored + adding > capacity) {
            throw new ApiException(ProblemType.STORAGE_FULL, String.format(java.util.Locale.ROOT, "The in-memory "
                    + "store holds %.1f MB of datasets and %s would add %.1f MB, more than the %.1f MB it may take "
                    + "of the heap (backprop.limits.in-memory-store); delete datasets, or give the service a "
                    + "database (backprop.storage.directory or spring.datasource.url), which keeps them on disk",
                    stored / 1e6, what, adding / 1e6, capacity / 1e6));
        }
    }
}
