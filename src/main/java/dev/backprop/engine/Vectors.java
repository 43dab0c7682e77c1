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
        LOG.log(Level.INFO, "Vector API used for activations (" + VectorExponential.lanes() + " lanes of double)");
        return true;
    }
}
