package dev.backprop.engine;

/**
 * Activation functions and their derivatives on feature-major batches (units × batch: one
 * column per example). Every loop runs over whole row arrays, so C2 vectorises it.
 */
final class Activations {

    private Activations() {
    }

    /** A = f(Z) in place; {@code exponents} and {@code columns} are scratch of at least one batch row each. */
    static void apply(Activation f, Batch m, double[] exponents, double[] columns) {
        int n = m.cols;
        if (f == Activation.SOFTMAX) {
            softmax(m, exponents, columns);
            return;
        }
        if (f == Activation.LINEAR) {
            // a = z: a regression's output
            return;
        }
        for (double[] d : m.row) {
            switch (f) {
                // a = 1 / (1 + e^−z)
                case SIGMOID -> Exponential.logisticInPlace(d, n, -1, 0, 1, exponents, columns);
                // a = 1 − 2/(e^2z + 1): within 1e-15 of tanh (absolute), vectorised where Math.tanh is
                // a call per value; ±1 for large |z| (e^2z overflows to ∞ or underflows to 0)
                case TANH -> Exponential.logisticInPlace(d, n, 2, 1, -2, exponents, columns);
                case RELU -> {
                    for (int i = 0; i < n; i++) {
                        d[i] = Math.max(d[i], 0);
                    }
                }
                default -> throw new IllegalStateException(f.id());
            }
        }
    }

    /** a[:,t] = e^(z[:,t] − max z[:,t]) / Σ e^(…), column by column, vectorised across columns. */
    private static void softmax(Batch m, double[] exponents, double[] columns) {
        int cols = m.cols;
        // columns[t] = maxₖ z[k,t]
        System.arraycopy(m.row[0], 0, columns, 0, cols);
        for (int k = 1; k < m.units(); k++) {
            double[] d = m.row[k];
            for (int t = 0; t < cols; t++) {
                columns[t] = Math.max(columns[t], d[t]);
            }
        }
        // z[k,t] = e^(z[k,t] − max_t)
        for (double[] d : m.row) {
            for (int t = 0; t < cols; t++) {
                d[t] -= columns[t];
            }
            Exponential.expInPlace(d, cols, 1, exponents);
        }
        // columns[t] = Σₖ e^z[k,t]
        System.arraycopy(m.row[0], 0, columns, 0, cols);
        for (int k = 1; k < m.units(); k++) {
            double[] d = m.row[k];
            for (int t = 0; t < cols; t++) {
                columns[t] += d[t];
            }
        }
        for (double[] d : m.row) {
            for (int t = 0; t < cols; t++) {
                d[t] /= columns[t];
            }
        }
    }

    /** δ ⊙= f'(z), with f' written in terms of the activation a = f(z). */
    static void multiplyByDerivative(Activation f, Batch a, Batch delta) {
        int n = a.cols;
        for (int k = 0; k < a.units(); k++) {
            double[] ad = a.row[k];
            double[] dd = delta.row[k];
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
                    // relu' = [a > 0] = min(a·2^1074, 1) for a = max(z, 0) ≥ 0: every positive double, the
                    // smallest subnormal too, scales to at least 1. Arithmetic, where the comparison's select
                    // is a branch per value in JDK 17 (no vectorised conditional move), mispredicted on about
                    // half of them. Only a zero's sign can differ from the select (−0 where δ < 0).
                    for (int i = 0; i < n; i++) {
                        dd[i] *= Math.min(ad[i] * 0x1p1023 * 0x1p51, 1.0);
                    }
                }
                case SOFTMAX, LINEAR -> throw new IllegalStateException(f.id() + " is an output activation only");
            }
        }
    }
}
