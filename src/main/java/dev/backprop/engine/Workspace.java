package dev.backprop.engine;

/**
 * Work matrices for one batch size, feature-major (units × batch): activations and deltas of
 * every layer plus scratch rows, declared once and reshaped (keeping the larger arrays) when
 * the batch size changes.
 */
final class Workspace {

    /** act[l] = output of layer l+1 (act[L-1] is the network output). */
    final Batch[] act;
    /** delta[l] = ∂objective/∂z of layer l+1. */
    final Batch[] delta;
    /** One batch row each: exp's powers of two; softmax's column maxima and sums. */
    double[] exponents;
    double[] columns;

    Workspace(int[] sizes, int batch) {
        int layers = sizes.length - 1;
        act = new Batch[layers];
        delta = new Batch[layers];
        for (int l = 0; l < layers; l++) {
            act[l] = new Batch(sizes[l + 1], batch);
            delta[l] = new Batch(sizes[l + 1], batch);
        }
        exponents = new double[batch];
        columns = new double[batch];
    }

    void reshape(int batch) {
        if (act[0].cols == batch) {
            return;
        }
        for (int l = 0; l < act.length; l++) {
            act[l].reshape(batch);
            delta[l].reshape(batch);
        }
        if (exponents.length < batch) {
            exponents = new double[batch];
            columns = new double[batch];
        }
    }

    Batch output() {
        return act[act.length - 1];
    }
}
