package dev.backprop.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * Work matrices for one batch size, feature-major (units × batch): activations and deltas of
 * every layer plus one scratch array, declared once and reshaped (EJML keeps the larger backing
 * array) when the batch size changes.
 */
final class Workspace {

    /** act[l] = output of layer l+1 (act[L-1] is the network output). */
    final DMatrixRMaj[] act;
    /** delta[l] = ∂objective/∂z of layer l+1. */
    final DMatrixRMaj[] delta;
    /** Room for one layer's worth of values (and at least two batch columns): exp exponents, softmax sums. */
    double[] scratch;
    private final int widest;

    Workspace(int[] sizes, int batch) {
        int layers = sizes.length - 1;
        act = new DMatrixRMaj[layers];
        delta = new DMatrixRMaj[layers];
        int units = 2;
        for (int l = 0; l < layers; l++) {
            act[l] = new DMatrixRMaj(sizes[l + 1], batch);
            delta[l] = new DMatrixRMaj(sizes[l + 1], batch);
            units = Math.max(units, sizes[l + 1]);
        }
        widest = units;
        scratch = new double[widest * batch];
    }

    void reshape(int batch) {
        if (act[0].numCols == batch) {
            return;
        }
        for (int l = 0; l < act.length; l++) {
            act[l].reshape(act[l].numRows, batch, false);
            delta[l].reshape(delta[l].numRows, batch, false);
        }
        if (scratch.length < widest * batch) {
            scratch = new double[widest * batch];
        }
    }

    DMatrixRMaj output() {
        return act[act.length - 1];
    }
}
