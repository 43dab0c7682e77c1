package dev.backprop.engine;

import java.lang.System.Logger.Level;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Loads OpenBLAS (JavaCPP's build, natives from the {@code org.bytedeco:openblas} jar) once per process,
 * single-threaded: the trainer splits batches over its own threads, and OpenBLAS's pool on top would
 * oversubscribe the cores. Only the BLAS-only variant ({@code openblas_nolapack}) is loaded, and
 * nothing else in the process loads a BLAS. Where it cannot load (another platform, no writable cache
 * directory for the extracted libraries, {@code -Dbackprop.engine.blas=none}) the engine logs one line
 * and keeps EJML for every product: the same results within rounding.
 */
final class OpenBlas {

    /** {@code openblas} (the default) or {@code none}. */
    static final String PROPERTY = "backprop.engine.blas";

    private static final System.Logger LOG = System.getLogger(OpenBlas.class.getName());
    private static final boolean AVAILABLE = load();

    private OpenBlas() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    private static boolean load() {
        String choice = System.getProperty(PROPERTY, "openblas");
        if (choice.equalsIgnoreCase("none")) {
            LOG.log(Level.INFO, "OpenBLAS disabled (" + PROPERTY + "=none): EJML computes every matrix product");
            return false;
        }
        try {
            long start = System.nanoTime();
            Loader.load(openblas_nolapack.class);
            openblas_nolapack.blas_set_num_threads(1);
            LOG.log(Level.INFO, String.format(java.util.Locale.ROOT,
                    "OpenBLAS loaded for large matrix products in %d ms (%s, 1 thread per caller)",
                    (System.nanoTime() - start) / 1_000_000, Loader.getPlatform()));
            return true;
        } catch (LinkageError | RuntimeException e) {
            // LinkageError: no natives for this platform or they fail to link; RuntimeException: the
            // JavaCPP loader could not extract them (e.g. no writable cache directory)
            LOG.log(Level.WARNING, "OpenBLAS could not be loaded, EJML computes every matrix product "
                    + "(same results within rounding, slower on large layers): " + e);
            return false;
        }
    }
}
