package dev.backprop.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * Activation functions and their derivatives on feature-major matrices (units × batch: one
 * column per example). Every loop runs over {@code data[]} contiguously, so C2 vectorises it.
 */
final class Activations {

    private Activations() {
    }

    /** A = f(Z) in place; {@code scratch} holds at least {@code m.getNumElements()} values (and 2 columns). */
    static void apply(Activation f, DMatrixRMaj m, double[] scratch) {
        double[] d = m.data;
        int n = m.getNumElements();
        switch (f) {
            case SIGMOID -> {
                // a = 1 / (1 + e^−z)
                Exponential.expInPlace(d, n, -1, scratch);
                for (int i = 0; i < n; i++) {
                    d[i] = 1 / (1 + d[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    d[i] = Math.tanh(d[i]);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    d[i] = Math.max(d[i], 0);
                }
            }
            case SOFTMAX -> softmax(m, scratch);
        }
    }

    /** a[:,t] = e^(z[:,t] − max z[:,t]) / Σ e^(…), column by column, vectorised across columns. */
    private static void softmax(DMatrixRMaj m, double[] scratch) {
        double[] d = m.data;
        int units = m.numRows;
        int cols = m.numCols;
        int n = units * cols;
        // scratch[t] = maxₖ z[k,t]
        System.arraycopy(d, 0, scratch, 0, cols);
        for (int k = 1; k < units; k++) {
            for (int t = 0, o = k * cols; t < cols; t++) {
                scratch[t] = Math.max(scratch[t], d[o + t]);
            }
        }
        // z[k,t] −= max_t
        for (int k = 0; k < units; k++) {
            for (int t = 0, o = k * cols; t < cols; t++) {
                d[o + t] -= scratch[t];
            }
        }
        Exponential.expInPlace(d, n, 1, scratch);
        // scratch[t] = Σₖ e^z[k,t]
        System.arraycopy(d, 0, scratch, 0, cols);
        for (int k = 1; k < units; k++) {
            for (int t = 0, o = k * cols; t < cols; t++) {
                scratch[t] += d[o + t];
            }
        }
        for (int k = 0; k < units; k++) {
            for (int t = 0, o = k * cols; t < cols; t++) {
                d[o + t] /= scratch[t];
            }
        }
    }

    /** δ ⊙= f'(z), with f' written in terms of the activation a = f(z). */
    static void multiplyByDerivative(Activation f, DMatrixRMaj a, DMatrixRMaj delta) {
        double[] ad = a.data;
        double[] dd = delta.data;
        int n = a.getNumElements();
        switch (f) {
            case SIGMOID -> {
                // σ' = a(1 − a)
                for (int i = 0; i < n; i++) {
                    dd[i] *= ad[i] * (1 - ad[i]);
                }
            }
            case TANH -> {
                // tanh' = 1 − a²
                for (int i = 0; i < n; i++) {
                    dd[i] *= 1 - ad[i] * ad[i];
                }
            }
            case RELU -> {
                // relu' = [a > 0]
                for (int i = 0; i < n; i++) {
                    dd[i] = ad[i] > 0 ? dd[i] : 0;
                }
            }
            case SOFTMAX -> throw new IllegalStateException("softmax is an output activation only");
        }
    }
}
