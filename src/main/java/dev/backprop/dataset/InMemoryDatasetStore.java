package dev.backprop.dataset;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The default store: datasets live as long as the process. */
class InMemoryDatasetStore implements DatasetStore {

    private final ConcurrentMap<String, Dataset> datasets = new ConcurrentHashMap<>();

    @Override
    public void save(Dataset dataset) {
        datasets.put(dataset.id(), dataset);
    }

    @Override
    public Optional<Dataset> find(String id) {
        return Optional.ofNullable(datasets.get(id));
    }

    @Override
    public List<Dataset> all() {
        return datasets.values().stream()
                .sorted(Comparator.comparing(Dataset::createdAt).thenComparing(Dataset::id))
                .toList();
    }

    @Override
    public boolean delete(String id) {
        return datasets.remove(id) != null;
    }

    @Override
    public int count() {
        return datasets.size();
    }
}
