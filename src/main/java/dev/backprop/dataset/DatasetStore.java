package dev.backprop.dataset;

import java.util.List;
import java.util.Optional;

/**
 * Where uploaded datasets live: the service's database, shared by every replica. The built-in
 * dataset is not in the store. A dataset is stored with its summary, so that listing never
 * decodes datasets.
 */
interface DatasetStore {

    void save(Dataset dataset, DatasetSummary summary);

    Optional<Dataset> find(String id);

    Optional<DatasetSummary> summary(String id);

    /** Newest first, {@code limit} from {@code offset}. */
    List<DatasetSummary> summaries(long offset, int limit);

    /** @return false when there was no such dataset */
    boolean delete(String id);

    int count();

    /** Bytes of the stored datasets' encoded form, all together. */
    long storedBytes();
}
