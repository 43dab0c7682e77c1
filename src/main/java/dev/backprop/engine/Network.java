package dev.backprop.engine;

import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;

/**
 * The mutable parameters of a feed-forward network and the backpropagation math over them.
 * Feature-major: a batch is a matrix with one column per example, and a layer computes
 * {@code A = f(W·A_prev + b·1ᵀ)} with W of shape (fan-out × fan-in), so every hot loop runs
 * contiguously over the batch. {@link NetworkParameters} exports Wᵀ ([fanIn][fanOut]).
 * Not thread-safe; {@link NetworkModel} wraps a frozen copy for serving.
 */
final class Network {

    /** Keeps log() finite when a probability rounds to 0 or 1. */
    private static final double EPSILON = 1e-15;

    final int[] sizes;
    final Activation hidden;
    final Activation output;
    final boolean bias;
    /** w[l] (fanOut × fanIn) and b[l] (fanOut × 1) belong to layer l+1 (0-based over the weight layers). */
    final DMatrixRMaj[] w;
    final DMatrixRMaj[] b;
    private final MatMul matmul;
    /** Native copies of W for an Adam run on OpenBLAS, or null ({@link #useNativeWeights}). */
    NativeWeights natives;

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
            w[l] = new DMatrixRMaj(sizes[l + 1], sizes[l]);
            b[l] = new DMatrixRMaj(sizes[l + 1], 1);
        }
    }

    int layers() {
        return w.length;
    }

    long parameterCount() {
        return parameterCount(sizes, bias);
    }

    static long parameterCount(int[] sizes, boolean bias) {
        long count = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            count += (long) sizes[l] * sizes[l + 1] + (bias ? sizes[l + 1] : 0);
        }
        return count;
    }

    /** Draws the weights in [fanIn][fanOut] order, so a seed gives the same network in any layout. */
    void initialize(WeightInit init, SplittableRandom rng) {
        for (int l = 0; l < layers(); l++) {
            int fanIn = sizes[l];
            int fanOut = sizes[l + 1];
            double[] data = w[l].data;
            double limit = Math.sqrt(6.0 / (fanIn + fanOut));
            double sigma = Math.sqrt(2.0 / fanIn);
            for (int i = 0; i < fanIn; i++) {
                for (int j = 0; j < fanOut; j++) {
                    data[j * fanIn + i] = switch (init) {
                        case UNIFORM -> rng.nextDouble() * 2 - 1;
                        case XAVIER -> (rng.nextDouble() * 2 - 1) * limit;
                        case HE -> gaussian(rng) * sigma;
                    };
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

    /**
     * Keeps native copies of W from now on, for the products of every thread and {@link Optimizer.Adam}'s
     * update (with each thread's ∂W in native memory too: {@link Gradients#useNative}); false (and none
     * kept) where the products do not run on OpenBLAS or the Vector API is not there.
     * {@link #closeNativeWeights} ends it.
     */
    boolean useNativeWeights() {
        if (!(matmul instanceof BlasMatMul) || !Vectors.ENABLED) {
            return false;
        }
        for (DMatrixRMaj m : w) {
            if (m.getNumElements() > Integer.MAX_VALUE / Double.BYTES) {
                return false;
            }
        }
        natives = new NativeWeights(this);
        return true;
    }

    void closeNativeWeights() {
        if (natives != null) {
            natives.close();
            natives = null;
        }
    }

    /** The heap weights of layer l changed outside {@link Optimizer.Adam}'s native update. */
    void weightsChanged(int l) {
        if (natives != null) {
            natives.stale(l);
        }
    }

    /** Brings stale native weights up to date: on one thread, while no other runs a product. */
    void refreshNativeWeights() {
        if (natives != null) {
            natives.refresh(w);
        }
    }

    /**
     * Before the update of a step whose gradient {@code parts} computed (each its share of the batch):
     * a layer's ∂W goes through native memory only if every part's is there; where only some parts'
     * are (their shares differ by a column, one product just large enough for OpenBLAS), those move to
     * the heap gradients. On one thread, between the phases.
     */
    void alignGradients(Gradients[] parts) {
        for (int l = 0; l < layers(); l++) {
            int pending = 0;
            for (Gradients g : parts) {
                pending += g.natives != null && g.natives.pending(l) ? 1 : 0;
            }
            if (pending > 0 && pending < parts.length) {
                for (Gradients g : parts) {
                    if (g.natives != null && g.natives.pending(l)) {
                        g.natives.toHeap(l, g.w[l]);
                    }
                }
            }
        }
    }

    /**
     * After the update of a step shared by {@code parts}: where it read ∂W from native memory
     * ({@link Optimizer.Adam} does where part 0's is pending), the native W is the heap W now. On one
     * thread, between the phases.
     */
    void stepDone(Gradients[] parts) {
        stepDone(parts[0], parts);
    }

    /** {@link #stepDone(Gradients[])} for a step on one thread, whose update left zeros in ∂W's place. */
    void stepDone(Gradients g) {
        stepDone(g, null);
    }

    private void stepDone(Gradients first, Gradients[] shared) {
        if (natives == null || first.natives == null) {
            return;
        }
        for (int l = 0; l < layers(); l++) {
            if (first.natives.pending(l)) {
                if (shared == null) {
                    first.natives.consumed(l, true);
                } else {
                    for (Gradients g : shared) {
                        g.natives.consumed(l, false);
                    }
                }
                natives.updated(l);
            }
        }
    }

    void copyFrom(Network other) {
        for (int l = 0; l < layers(); l++) {
            weightsChanged(l);
            System.arraycopy(other.w[l].data, 0, w[l].data, 0, w[l].getNumElements());
            System.arraycopy(other.b[l].data, 0, b[l].data, 0, b[l].getNumElements());
        }
    }

    /** Whether an input batch of this many columns may be gathered example-major ({@link MatMul#takesExampleMajor}). */
    boolean takesExampleMajorInput(int columns) {
        return matmul.takesExampleMajor(sizes[1], sizes[0], columns);
    }

    /** Runs x (features × batch, already normalised) through the network; the result is {@code ws.output()}. */
    void forward(Batch x, Workspace ws) {
        ws.reshape(x.cols);
        Batch in = x;
        for (int l = 0; l < layers(); l++) {
            Batch a = ws.act[l];
            // Z = W·A_prev
            if (natives == null || !natives.forward(l, w[l], (BlasMatMul) matmul, in, a)) {
                matmul.mult(w[l], in, a);
            }
            if (bias) {
                // Z += b·1ᵀ
                addColumnVector(a, b[l]);
            }
            // A = f(Z)
            Activations.apply(l == layers() - 1 ? output : hidden, a, ws.exponents, ws.columns);
            in = a;
        }
    }

    /** Sum over examples of the per-example loss of the current output against one-hot targets (same layout). */
    static double lossSum(Loss loss, Activation output, Batch a, Batch y) {
        int n = a.cols;
        double sum = 0;
        for (int k = 0; k < a.units(); k++) {
            double[] ad = a.row[k];
            double[] yd = y.row[k];
            if (loss == Loss.MSE) {
                // ½·Σ (y − a)², four partial sums so that the adds overlap
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int i = 0;
                for (; i + 3 < n; i += 4) {
                    double e0 = yd[i] - ad[i];
                    double e1 = yd[i + 1] - ad[i + 1];
                    double e2 = yd[i + 2] - ad[i + 2];
                    double e3 = yd[i + 3] - ad[i + 3];
                    s0 += e0 * e0;
                    s1 += e1 * e1;
                    s2 += e2 * e2;
                    s3 += e3 * e3;
                }
                for (; i < n; i++) {
                    double e = yd[i] - ad[i];
                    s0 += e * e;
                }
                sum += 0.5 * ((s0 + s1) + (s2 + s3));
            } else if (output == Activation.SOFTMAX) {
                // −Σ y·log a
                for (int i = 0; i < n; i++) {
                    if (yd[i] != 0) {
                        sum -= yd[i] * Math.log(Math.max(ad[i], EPSILON));
                    }
                }
            } else {
                // −Σ [y·log a + (1 − y)·log(1 − a)]
                for (int i = 0; i < n; i++) {
                    sum -= yd[i] * Math.log(Math.max(ad[i], EPSILON))
                            + (1 - yd[i]) * Math.log(Math.max(1 - ad[i], EPSILON));
                }
            }
        }
        return sum;
    }

    /** Whether every weight and bias is finite: NaN and ±∞ survive a sum, so one look at Σ suffices. */
    boolean parametersFinite() {
        double sum = 0;
        for (int l = 0; l < layers(); l++) {
            double[] wd = w[l].data;
            for (int i = 0, n = w[l].getNumElements(); i < n; i++) {
                sum += wd[i];
            }
            double[] bd = b[l].data;
            for (int i = 0, n = b[l].getNumElements(); i < n; i++) {
                sum += bd[i];
            }
        }
        return Double.isFinite(sum);
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
     * Gradients of {@code scale·Σ examples loss + ½·l2·Σ‖W‖²} after {@link #forward} on the same x;
     * y is one-hot, classes × batch. {@code scale} is 1/batch for mean reduction, 1 for the case study's sum.
     */
    void backward(Batch x, Batch y, Loss loss, double scale, double l2, Workspace ws, Gradients g) {
        int last = layers() - 1;
        outputDelta(loss, ws.act[last], y, scale, ws.delta[last], ws.columns);
        for (int l = last; l >= 0; l--) {
            Batch in = l == 0 ? x : ws.act[l - 1];
            Batch delta = ws.delta[l];
            // ∂/∂W = δ·A_prevᵀ, left in native memory for the optimizer where the gradients keep it there
            if (l2 != 0 || g.natives == null || !g.natives.compute(l, (BlasMatMul) matmul, delta, in)) {
                matmul.multTransB(delta, in, g.w[l]);
            }
            if (l2 != 0) {
                // ∂/∂W += λ·W
                addScaled(g.w[l], l2, w[l]);
            }
            if (bias) {
                // ∂/∂b = δ·1
                rowSums(delta, g.b[l]);
            }
            if (l > 0) {
                // δ_prev = (Wᵀ·δ) ⊙ f'(A_prev)
                if (natives == null || !natives.backThrough(l, w[l], (BlasMatMul) matmul, delta, ws.delta[l - 1])) {
                    matmul.multTransA(w[l], delta, ws.delta[l - 1]);
                }
                Activations.multiplyByDerivative(hidden, ws.act[l - 1], ws.delta[l - 1]);
            }
        }
    }

    /** δ = scale·∂loss/∂z at the output layer. */
    private void outputDelta(Loss loss, Batch a, Batch y, double scale, Batch delta, double[] columns) {
        int n = a.cols;
        delta.reshape(n);
        if (loss == Loss.MSE && output == Activation.SOFTMAX) {
            softmaxMseDelta(a, y, scale, delta, columns);
            return;
        }
        for (int k = 0; k < a.units(); k++) {
            double[] ad = a.row[k];
            double[] yd = y.row[k];
            double[] dd = delta.row[k];
            if (loss == Loss.CROSS_ENTROPY || output == Activation.LINEAR) {
                // softmax + CE, sigmoid + binary CE and linear + MSE share δ = a − y
                for (int i = 0; i < n; i++) {
                    dd[i] = scale * (ad[i] - yd[i]);
                }
            } else {
                // δ = (a − y)·a(1 − a)
                for (int i = 0; i < n; i++) {
                    dd[i] = scale * (ad[i] - yd[i]) * ad[i] * (1 - ad[i]);
                }
            }
        }
    }

    /** Softmax Jacobian: δₖ = aₖ·(gₖ − Σⱼ gⱼaⱼ) with g = a − y, per column. */
    private static void softmaxMseDelta(Batch a, Batch y, double scale, Batch delta, double[] columns) {
        int n = a.cols;
        java.util.Arrays.fill(columns, 0, n, 0);
        for (int k = 0; k < a.units(); k++) {
            double[] ad = a.row[k];
            double[] yd = y.row[k];
            for (int t = 0; t < n; t++) {
                columns[t] += (ad[t] - yd[t]) * ad[t];
            }
        }
        for (int k = 0; k < a.units(); k++) {
            double[] ad = a.row[k];
            double[] yd = y.row[k];
            double[] dd = delta.row[k];
            for (int t = 0; t < n; t++) {
                dd[t] = scale * ad[t] * ((ad[t] - yd[t]) - columns[t]);
            }
        }
    }

    private static void addColumnVector(Batch m, DMatrixRMaj column) {
        double[] c = column.data;
        for (int k = 0; k < m.units(); k++) {
            double[] d = m.row[k];
            double ck = c[k];
            for (int t = 0; t < m.cols; t++) {
                d[t] += ck;
            }
        }
    }

    /** ∂/∂b: each row's sum, with four partial sums so that the adds overlap instead of waiting on each other. */
    private static void rowSums(Batch m, DMatrixRMaj out) {
        double[] s = out.data;
        for (int k = 0; k < m.units(); k++) {
            double[] d = m.row[k];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int t = 0;
            for (; t + 3 < m.cols; t += 4) {
                s0 += d[t];
                s1 += d[t + 1];
                s2 += d[t + 2];
                s3 += d[t + 3];
            }
            for (; t < m.cols; t++) {
                s0 += d[t];
            }
            s[k] = (s0 + s1) + (s2 + s3);
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
