package dev.backprop.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * An update rule; its state is declared once per network, so a step allocates nothing. Every rule is
 * elementwise, so a step may be split over threads by parameter ranges ({@link #update} with
 * {@code parts > 1}) with results identical to one thread's. The weight decay's λ·W is added to the
 * weights' gradient inside the update, where W is read anyway: a pass over every weight less per step
 * than adding it to the gradient first (the same values: g + λ·W, then the rule).
 */
interface Optimizer {

    /** Applies one update to every parameter of {@code net} from {@code g} (+ l2·W for the weights). */
    default void step(Network net, Gradients g, double l2) {
        begin();
        update(net, g, l2, 0, 1);
        net.stepDone(g);
    }

    /** Starts a step (once per step, before its {@link #update}s): advances the step count. */
    default void begin() {
    }

    /**
     * Updates share {@code part} of {@code parts} of every parameter matrix (a contiguous range of each,
     * see {@link #from}) for the step begun last, from the gradient {@code g} + l2·W for the weights and
     * {@code g} for the biases; the shares of one step may run concurrently.
     */
    void update(Network net, Gradients g, double l2, int part, int parts);

    /** Start of share {@code part} of {@code parts} of n values; share p ends where p + 1 starts. */
    static int from(int n, int part, int parts) {
        return (int) ((long) n * part / parts);
    }

    static Optimizer create(OptimizerType type, double learningRate, Network net) {
        return switch (type) {
            case SGD -> new Sgd(learningRate);
            case MOMENTUM -> new Momentum(learningRate, 0.9, net);
            case ADAM -> new Adam(learningRate, 0.9, 0.999, 1e-8, net);
        };
    }

    /** W −= lr·∇W (for the case study with sum reduction: W += lr·Xᵀδ with its δ = (y − a)·a(1 − a)). */
    final class Sgd implements Optimizer {
        private final double lr;

        Sgd(double lr) {
            this.lr = lr;
        }

        @Override
        public void update(Network net, Gradients g, double l2, int part, int parts) {
            for (int l = 0; l < net.layers(); l++) {
                net.weightsChanged(l);
                descend(net.w[l], g.w[l], l2, part, parts);
                if (net.bias) {
                    descend(net.b[l], g.b[l], 0, part, parts);
                }
            }
        }

        private void descend(DMatrixRMaj p, DMatrixRMaj grad, double l2, int part, int parts) {
            double[] pd = p.data;
            double[] gd = grad.data;
            int n = p.getNumElements();
            for (int i = from(n, part, parts), end = from(n, part + 1, parts); i < end; i++) {
                pd[i] -= lr * (gd[i] + l2 * pd[i]);
            }
        }
    }

    /** v = μ·v − lr·∇W; W += v. */
    final class Momentum implements Optimizer {
        private final double lr;
        private final double mu;
        private final DMatrixRMaj[] vw;
        private final DMatrixRMaj[] vb;

        Momentum(double lr, double mu, Network net) {
            this.lr = lr;
            this.mu = mu;
            vw = zerosLike(net.w);
            vb = zerosLike(net.b);
        }

        @Override
        public void update(Network net, Gradients g, double l2, int part, int parts) {
            for (int l = 0; l < net.layers(); l++) {
                net.weightsChanged(l);
                update(net.w[l], g.w[l], vw[l], l2, part, parts);
                if (net.bias) {
                    update(net.b[l], g.b[l], vb[l], 0, part, parts);
                }
            }
        }

        private void update(DMatrixRMaj p, DMatrixRMaj grad, DMatrixRMaj v, double l2, int part, int parts) {
            double[] pd = p.data;
            double[] gd = grad.data;
            double[] vd = v.data;
            int n = p.getNumElements();
            for (int i = from(n, part, parts), end = from(n, part + 1, parts); i < end; i++) {
                vd[i] = mu * vd[i] - lr * (gd[i] + l2 * pd[i]);
                pd[i] += vd[i];
            }
        }
    }

    /** Adam (Kingma & Ba 2015) with bias-corrected first and second moments. */
    final class Adam implements Optimizer {
        private final double lr;
        private final double beta1;
        private final double beta2;
        private final double eps;
        private final DMatrixRMaj[] mw;
        private final DMatrixRMaj[] vw;
        private final DMatrixRMaj[] mb;
        private final DMatrixRMaj[] vb;
        private int t;
        private double lrT;

        Adam(double lr, double beta1, double beta2, double eps, Network net) {
            this.lr = lr;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            mw = zerosLike(net.w);
            vw = zerosLike(net.w);
            mb = zerosLike(net.b);
            vb = zerosLike(net.b);
        }

        @Override
        public void begin() {
            t++;
            // lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) folds both bias corrections into the step size
            lrT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        }

        @Override
        public void update(Network net, Gradients g, double l2, int part, int parts) {
            NativeWeights natives = net.natives;
            NativeGradients grads = g.natives;
            for (int l = 0; l < net.layers(); l++) {
                if (natives != null && grads != null && grads.pending(l)) {
                    // ∂W (summed over the parts already) is in native memory: the update reads it there and
                    // writes W to both copies; Network.stepDone records that afterwards. Alone, it leaves
                    // zeros for the next product to add to; shared, it does not, as the stores would move
                    // the other thread's cache lines here and back for its next product
                    int n = net.w[l].getNumElements();
                    VectorAdam.update(net.w[l].data, grads.view[l], mw[l].data, vw[l].data, natives.wView[l], l2,
                            lrT, beta1, beta2, eps, from(n, part, parts), from(n, part + 1, parts), parts == 1);
                } else {
                    net.weightsChanged(l);
                    update(net.w[l], g.w[l], mw[l], vw[l], l2, part, parts);
                }
                if (net.bias) {
                    update(net.b[l], g.b[l], mb[l], vb[l], 0, part, parts);
                }
            }
        }

        private void update(DMatrixRMaj p, DMatrixRMaj grad, DMatrixRMaj m, DMatrixRMaj v, double l2, int part,
                            int parts) {
            double[] pd = p.data;
            double[] gd = grad.data;
            double[] md = m.data;
            double[] vd = v.data;
            double lrT = this.lrT;
            int n = p.getNumElements();
            for (int i = from(n, part, parts), end = from(n, part + 1, parts); i < end; i++) {
                double gi = gd[i] + l2 * pd[i];
                md[i] = beta1 * md[i] + (1 - beta1) * gi;
                vd[i] = beta2 * vd[i] + (1 - beta2) * gi * gi;
                pd[i] -= lrT * md[i] / (Math.sqrt(vd[i]) + eps);
            }
        }
    }

    private static DMatrixRMaj[] zerosLike(DMatrixRMaj[] ms) {
        DMatrixRMaj[] out = new DMatrixRMaj[ms.length];
        for (int i = 0; i < ms.length; i++) {
            out[i] = new DMatrixRMaj(ms[i].numRows, ms[i].numCols);
        }
        return out;
    }
}
