package dev.backprop.prediction;

/** Instances turned into a dense row-major block in the model's feature order. */
record InstanceBatch(double[] features, int rows) {
}
