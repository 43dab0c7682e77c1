package dev.backprop.model;

import java.util.Collection;
import java.util.Optional;

/**
 * Where models live. In memory by default; a directory when {@code backprop.storage.directory}
 * is set. Kept small so a shared store (for replicas) can take its place.
 */
interface ModelStore {

    void save(TrainedModel model);

    Optional<TrainedModel> find(String id);

    Collection<TrainedModel> all();

    /** @return whether a model was removed */
    boolean delete(String id);
}
