package dev.backprop.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** Jobs in insertion order; unfinished jobs are never forgotten. */
@Component
class InMemoryJobStore implements JobStore {

    private final Map<String, TrainingJob> jobs = new LinkedHashMap<>();

    @Override
    public synchronized void add(TrainingJob job) {
        jobs.put(job.id, job);
    }

    @Override
    public synchronized Optional<TrainingJob> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized List<TrainingJob> all() {
        List<TrainingJob> list = new ArrayList<>(jobs.values());
        Collections.reverse(list);
        return list;
    }

    @Override
    public synchronized void trimFinished(int keep) {
        long finished = jobs.values().stream().filter(j -> j.status().finished()).count();
        Iterator<TrainingJob> it = jobs.values().iterator();
        while (finished > keep && it.hasNext()) {
            if (it.next().status().finished()) {
                it.remove();
                finished--;
            }
        }
    }
}
