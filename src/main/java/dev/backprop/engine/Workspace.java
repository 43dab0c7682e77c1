package dev.backprop.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * Work matrices for one batch size: activations and deltas of every layer, declared once and
 * reshaped (EJML keeps the larger backing array) when the batch size changes.
 */
final class Workspace {

    /** act[l] = output of layer l+1 (act[L-1] is the network output). */
    final DMatrixRMaj[] act;
    /** delta[l] = ∂objective/∂z of layer l+1. */
    final DMatrixRMaj[] delta;

    Workspace(int[] sizes, int rows) {
        int layers = sizes.length - 1;
        act = new DMatrixRMaj[layers];
        delta = new DMatrixRMaj[layers];
        for (int l = 0; l < layers; l++) {
            act[l] = new DMatrixRMaj(rows, sizes[l + 1]);
            delta[l] = new DMatrixRMaj(rows, sizes[l + 1]);
        }
    }

    void reshape(int rows) {
        if (act[0].numRows == rows) {
            return;
        }
        for (int l = 0; l < act.length; l++) {
            act[l].reshape(rows, act[l].numCols, false);
            delta[l].reshape(rows, delta[l].numCols, false);
        }
    }

    DMatrixRMaj output() {
        return act[act.length - 1];
    }
}
