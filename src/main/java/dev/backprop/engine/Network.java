package dev.backprop.engine;

import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;

/**
 * The mutable parameters of a feed-forward network and the backpropagation math over them.
 * Rows are examples: a layer computes {@code A = f(A_prev·W + 1·b)} with W of shape
 * (fan-in × fan-out). Not thread-safe; {@link NetworkModel} wraps a frozen copy for serving.
 */
final class Network {

    /** Keeps log() finite when a probability rounds to 0 or 1. */
    private static final double EPSILON = 1e-15;

    final int[] sizes;
    final Activation hidden;
    final Activation output;
    final boolean bias;
    /** w[l], b[l] belong to layer l+1 (0-based over the weight layers). */
    final DMatrixRMaj[] w;
    final DMatrixRMaj[] b;
    private final MatMul matmul;

    Network(int[] sizes, Activation hidden, Activation output, boolean bias, MatMul matmul) {
        this.sizes = sizes.clone();
        this.hidden = hidden;
        this.output = output;
        this.bias = bias;
        this.matmul = matmul;
        int layers = sizes.length - 1;
        w = new DMatrixRMaj[layers];
        b = new DMatrixRMaj[layers];
        for (int l = 0; l < layers; l++) {
            w[l] = new DMatrixRMaj(sizes[l], sizes[l + 1]);
            b[l] = new DMatrixRMaj(1, sizes[l + 1]);
        }
    }

    int layers() {
        return w.length;
    }

    long parameterCount() {
        long count = 0;
        for (int l = 0; l < layers(); l++) {
            count += (long) sizes[l] * sizes[l + 1] + (bias ? sizes[l + 1] : 0);
        }
        return count;
    }

    static long parameterCount(int[] sizes, boolean bias) {
        long count = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            count += (long) sizes[l] * sizes[l + 1] + (bias ? sizes[l + 1] : 0);
        }
        return count;
    }

    void initialize(WeightInit init, SplittableRandom rng) {
        for (int l = 0; l < layers(); l++) {
            int fanIn = sizes[l];
            int fanOut = sizes[l + 1];
            double[] data = w[l].data;
            int n = fanIn * fanOut;
            switch (init) {
                case UNIFORM -> {
                    for (int i = 0; i < n; i++) {
                        data[i] = rng.nextDouble() * 2 - 1;
                    }
                }
                case XAVIER -> {
                    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
                    for (int i = 0; i < n; i++) {
                        data[i] = (rng.nextDouble() * 2 - 1) * limit;
                    }
                }
                case HE -> {
                    double sigma = Math.sqrt(2.0 / fanIn);
                    for (int i = 0; i < n; i++) {
                        data[i] = gaussian(rng) * sigma;
                    }
                }
            }
            b[l].zero();
        }
    }

    /** Box–Muller on the seeded generator, so that initial weights depend on the seed alone. */
    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    void copyFrom(Network other) {
        for (int l = 0; l < layers(); l++) {
            System.arraycopy(other.w[l].data, 0, w[l].data, 0, w[l].getNumElements());
            System.arraycopy(other.b[l].data, 0, b[l].data, 0, b[l].getNumElements());
        }
    }

    /** Runs x (already normalised) through the network; the result is {@code ws.output()}. */
    void forward(DMatrixRMaj x, Workspace ws) {
        ws.reshape(x.numRows);
        DMatrixRMaj in = x;
        for (int l = 0; l < layers(); l++) {
            DMatrixRMaj a = ws.act[l];
            // Z = A_prev·W
            matmul.mult(in, w[l], a);
            if (bias) {
                addRowVector(a, b[l]);
            }
            activate(l == layers() - 1 ? output : hidden, a);
            in = a;
        }
    }

    /** Sum over rows of the per-row loss of the current output against one-hot targets. */
    static double lossSum(Loss loss, Activation output, DMatrixRMaj a, DMatrixRMaj y) {
        double[] ad = a.data;
        double[] yd = y.data;
        int n = a.getNumElements();
        double sum = 0;
        if (loss == Loss.MSE) {
            for (int i = 0; i < n; i++) {
                double e = yd[i] - ad[i];
                sum += e * e;
            }
            return 0.5 * sum;
        }
        if (output == Activation.SOFTMAX) {
            for (int i = 0; i < n; i++) {
                if (yd[i] != 0) {
                    sum -= yd[i] * Math.log(Math.max(ad[i], EPSILON));
                }
            }
            return sum;
        }
        for (int i = 0; i < n; i++) {
            sum -= yd[i] * Math.log(Math.max(ad[i], EPSILON)) + (1 - yd[i]) * Math.log(Math.max(1 - ad[i], EPSILON));
        }
        return sum;
    }

    /** ½·λ·Σ‖W‖², the weight-decay part of the objective. */
    double l2Penalty(double l2) {
        if (l2 == 0) {
            return 0;
        }
        double sum = 0;
        for (DMatrixRMaj m : w) {
            double[] d = m.data;
            for (int i = 0, n = m.getNumElements(); i < n; i++) {
                sum += d[i] * d[i];
            }
        }
        return 0.5 * l2 * sum;
    }

    /**
     * Gradients of {@code scale·Σ rows loss + ½·l2·Σ‖W‖²} after {@link #forward} on the same x.
     * {@code scale} is 1/rows for mean reduction, 1 for the case study's sum.
     */
    void backward(DMatrixRMaj x, DMatrixRMaj y, Loss loss, double scale, double l2, Workspace ws, Gradients g) {
        int last = layers() - 1;
        outputDelta(loss, ws.act[last], y, scale, ws.delta[last]);
        for (int l = last; l >= 0; l--) {
            DMatrixRMaj in = l == 0 ? x : ws.act[l - 1];
            DMatrixRMaj delta = ws.delta[l];
            // ∂/∂W = A_prevᵀ·δ
            matmul.multTransA(in, delta, g.w[l]);
            if (l2 != 0) {
                // ∂/∂W += λ·W
                addScaled(g.w[l], l2, w[l]);
            }
            if (bias) {
                columnSums(delta, g.b[l]);
            }
            if (l > 0) {
                // δ_prev = (δ·Wᵀ) ⊙ f'(A_prev)
                matmul.multTransB(delta, w[l], ws.delta[l - 1]);
                multiplyByDerivative(hidden, ws.act[l - 1], ws.delta[l - 1]);
            }
        }
    }

    /** δ = scale·∂loss/∂z at the output layer. */
    private void outputDelta(Loss loss, DMatrixRMaj a, DMatrixRMaj y, double scale, DMatrixRMaj delta) {
        double[] ad = a.data;
        double[] yd = y.data;
        double[] dd = delta.data;
        int n = a.getNumElements();
        if (loss == Loss.CROSS_ENTROPY) {
            // softmax + CE and sigmoid + binary CE share δ = a − y
            for (int i = 0; i < n; i++) {
                dd[i] = scale * (ad[i] - yd[i]);
            }
        } else if (output == Activation.SIGMOID) {
            // δ = (a − y)·a(1 − a)
            for (int i = 0; i < n; i++) {
                dd[i] = scale * (ad[i] - yd[i]) * ad[i] * (1 - ad[i]);
            }
        } else {
            // softmax Jacobian: δⱼ = aⱼ·(gⱼ − Σₖ gₖaₖ) with g = a − y
            int cols = a.numCols;
            for (int r = 0; r < a.numRows; r++) {
                int o = r * cols;
                double dot = 0;
                for (int k = 0; k < cols; k++) {
                    dot += (ad[o + k] - yd[o + k]) * ad[o + k];
                }
                for (int k = 0; k < cols; k++) {
                    dd[o + k] = scale * ad[o + k] * ((ad[o + k] - yd[o + k]) - dot);
                }
            }
        }
    }

    static void activate(Activation f, DMatrixRMaj m) {
        double[] d = m.data;
        int n = m.getNumElements();
        switch (f) {
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    d[i] = 1 / (1 + Math.exp(-d[i]));
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    d[i] = Math.tanh(d[i]);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    d[i] = d[i] > 0 ? d[i] : 0;
                }
            }
            case SOFTMAX -> {
                int cols = m.numCols;
                for (int r = 0; r < m.numRows; r++) {
                    int o = r * cols;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < cols; k++) {
                        max = Math.max(max, d[o + k]);
                    }
                    double sum = 0;
                    for (int k = 0; k < cols; k++) {
                        d[o + k] = Math.exp(d[o + k] - max);
                        sum += d[o + k];
                    }
                    for (int k = 0; k < cols; k++) {
                        d[o + k] /= sum;
                    }
                }
            }
        }
    }

    /** δ ⊙= f'(z), with f' written in terms of the activation a = f(z). */
    private static void multiplyByDerivative(Activation f, DMatrixRMaj a, DMatrixRMaj delta) {
        double[] ad = a.data;
        double[] dd = delta.data;
        int n = a.getNumElements();
        switch (f) {
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    dd[i] *= ad[i] * (1 - ad[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    dd[i] *= 1 - ad[i] * ad[i];
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    if (ad[i] <= 0) {
                        dd[i] = 0;
                    }
                }
            }
            case SOFTMAX -> throw new IllegalStateException("softmax is an output activation only");
        }
    }

    private static void addRowVector(DMatrixRMaj m, DMatrixRMaj row) {
        double[] d = m.data;
        double[] r = row.data;
        int cols = m.numCols;
        for (int i = 0, o = 0; i < m.numRows; i++, o += cols) {
            for (int k = 0; k < cols; k++) {
                d[o + k] += r[k];
            }
        }
    }

    private static void columnSums(DMatrixRMaj m, DMatrixRMaj out) {
        double[] d = m.data;
        double[] s = out.data;
        int cols = m.numCols;
        java.util.Arrays.fill(s, 0, cols, 0);
        for (int i = 0, o = 0; i < m.numRows; i++, o += cols) {
            for (int k = 0; k < cols; k++) {
                s[k] += d[o + k];
            }
        }
    }

    private static void addScaled(DMatrixRMaj target, double alpha, DMatrixRMaj m) {
        double[] t = target.data;
        double[] d = m.data;
        for (int i = 0, n = target.getNumElements(); i < n; i++) {
            t[i] += alpha * d[i];
        }
    }
}
