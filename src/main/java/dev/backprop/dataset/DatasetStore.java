package dev.backprop.dataset;

import java.util.List;
import java.util.Optional;

/**
 * Where uploaded datasets live. Small on purpose so that a shared store (for replicas behind a load
 * balancer) can replace the in-memory and directory ones. The built-in dataset is not in the store.
 */
interface DatasetStore {

    void save(Dataset dataset);

    Optional<Dataset> find(String id);

    /** Every stored dataset, oldest first. */
    List<Dataset> all();

    /** @return false when there was no such dataset */
    boolean delete(String id);

    int count();
}
