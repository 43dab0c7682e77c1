package dev.backprop.model;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Models in the heap only: gone at restart. */
class InMemoryModelStore implements ModelStore {

    private final Map<String, TrainedModel> models = new ConcurrentHashMap<>();

    @Override
    public void save(TrainedModel model) {
        models.put(model.id(), model);
    }

    @Override
    public Optional<TrainedModel> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    @Override
    public Collection<TrainedModel> all() {
        return List.copyOf(models.values());
    }

    @Override
    public boolean delete(String id) {
        return models.remove(id) != null;
    }
}
