package dev.backprop.dataset;

/**
 * Published after a dataset is deleted, so that other modules (training's queued jobs) can let go
 * of it without the dataset module knowing them.
 */
public record DatasetDeleted(String id) {
}
