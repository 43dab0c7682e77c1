package dev.backprop.training;

import java.util.List;
import java.util.Optional;

/** Where jobs are remembered; kept small so that a shared queue can replace it later. */
interface JobStore {

    void add(TrainingJob job);

    Optional<TrainingJob> find(String id);

    /** Newest first. */
    List<TrainingJob> all();

    /** Forgets the oldest finished jobs beyond {@code keep}. */
    void trimFinished(int keep);
}
