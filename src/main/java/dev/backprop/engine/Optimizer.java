package dev.backprop.engine;

import org.ejml.data.DMatrixRMaj;

/** An update rule; its state is declared once per network, so a step allocates nothing. */
interface Optimizer {

    /** Applies one update to every parameter of {@code net} from {@code g}. */
    void step(Network net, Gradients g);

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
        public void step(Network net, Gradients g) {
            for (int l = 0; l < net.layers(); l++) {
                descend(net.w[l], g.w[l]);
                if (net.bias) {
                    descend(net.b[l], g.b[l]);
                }
            }
        }

        private void descend(DMatrixRMaj p, DMatrixRMaj grad) {
            double[] pd = p.data;
            double[] gd = grad.data;
            for (int i = 0, n = p.getNumElements(); i < n; i++) {
                pd[i] -= lr * gd[i];
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
        public void step(Network net, Gradients g) {
            for (int l = 0; l < net.layers(); l++) {
                update(net.w[l], g.w[l], vw[l]);
                if (net.bias) {
                    update(net.b[l], g.b[l], vb[l]);
                }
            }
        }

        private void update(DMatrixRMaj p, DMatrixRMaj grad, DMatrixRMaj v) {
            double[] pd = p.data;
            double[] gd = grad.data;
            double[] vd = v.data;
            for (int i = 0, n = p.getNumElements(); i < n; i++) {
                vd[i] = mu * vd[i] - lr * gd[i];
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
        public void step(Network net, Gradients g) {
            t++;
            // lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) folds both bias corrections into the step size
            double lrT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            for (int l = 0; l < net.layers(); l++) {
                update(net.w[l], g.w[l], mw[l], vw[l], lrT);
                if (net.bias) {
                    update(net.b[l], g.b[l], mb[l], vb[l], lrT);
                }
            }
        }

        private void update(DMatrixRMaj p, DMatrixRMaj grad, DMatrixRMaj m, DMatrixRMaj v, double lrT) {
            double[] pd = p.data;
            double[] gd = grad.data;
            double[] md = m.data;
            double[] vd = v.data;
            for (int i = 0, n = p.getNumElements(); i < n; i++) {
                md[i] = beta1 * md[i] + (1 - beta1) * gd[i];
                vd[i] = beta2 * vd[i] + (1 - beta2) * gd[i] * gd[i];
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
