package dev.backprop.engine;

import java.lang.System.Logger.Level;

/**
 * Whether the engine's elementwise kernels use the JDK's Vector API ({@link VectorExponential}): only
 * when the JVM was started with {@code --add-modules=jdk.incubator.vector} (every documented launch
 * path gives it, docs/operations.md#jvm-flags) and {@value #PROPERTY} is not {@code none}. Without
 * it the scalar loops compute the same values, bit for bit, more slowly; one log line says which.
 */
final class Vectors {

    /** {@code vector-api} (the default, where the module is there) or {@code none}. */
    static final String PROPERTY = "backprop.engine.vectors";
    static final String MODULE = "jdk.incubator.vector";

    private static final System.Logger LOG = System.getLogger(Vectors.class.getName());

    static final boolean ENABLED = detect();

    private Vectors() {
    }

    private static boolean detect() {
        if (System.getProperty(PROPERTY, "vector-api").equalsIgnoreCase("none")) {
            LOG.log(Level.INFO, "Vector API disabled (" + PROPERTY + "=none): activations run the scalar loops");
            return false;
        }
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            LOG.log(Level.INFO, "The JVM was started without --add-modules=" + MODULE
                    + ": activations run the scalar loops (same values, slower)");
            return false;
        }
        try {
            probe();
        } catch (LinkageError e) {
            // the module is an incubator: its API changes between JDKs (JDK 19 dropped the ByteBuffer loads)
            LOG.log(Level.WARNING, "This JDK's Vector API lacks what the engine's kernels call (" + e
                    + "): they run the scalar loops (same values, slower)");
            return false;
        }
        LOG.log(Level.INFO, "Vector API used for the engine's kernels (" + VectorExponential.lanes()
                + " lanes of double)");
        return true;
    }

    /** Calls every Vector API kernel once on a few values, so that a JDK whose API differs fails here, not in a job. */
    private static void probe() {
        int n = 9;
        double[] values = new double[n];
        double[] scratch = new double[n];
        double[] more = new double[n];
        VectorExponential.logisticInPlace(values, n, -1, 0, 1, scratch, more);
        VectorExponential.expInPlace(values, n, 1, scratch);
        VectorDots.multTransB(new double[][] {values}, 1, new double[][] {more}, 1, n, new double[1]);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.allocateDirect(n * Double.BYTES).order(java.nio.ByteOrder.nativeOrder());
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocateDirect(n * Double.BYTES).order(java.nio.ByteOrder.nativeOrder());
        VectorAdam.update(values, in, scratch, more, out, 0, 0.1, 0.9, 0.999, 1e-8, 0, n, true);
        VectorAdam.add(out, in, 0, n);
        VectorCopy.intoNative(values, 0, out, 0, n);
        VectorCopy.fromNative(in, 0, values, 0, n);
    }
}
