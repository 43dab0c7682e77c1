package dev.backprop.engine;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;

import org.bytedeco.javacpp.DoublePointer;
import org.ejml.data.DMatrixRMaj;

/**
 * OpenBLAS's dgemm for products with every dimension large, {@code small} (the plain loops and EJML)
 * for the rest. OpenBLAS reads native memory: JavaCPP's {@code double[]} overloads would copy every
 * array twice through JNI, so each call packs its operands into per-thread native buffers with one
 * bulk copy per matrix or batch row (≈ 20 µs for 784×128 values, against ≈ 350 µs for the product of
 * that size) and unpacks the result. Thread-safe: the buffers are per thread.
 */
final class BlasMatMul implements MatMul {

    /** A product goes to OpenBLAS when each of m, n, k is at least this… */
    static final int MIN_DIMENSION = 8;
    /** …and m·n·k at least this: below, packing and the native call cost more than they save. */
    static final long MIN_MULTIPLY_ADDS = 1 << 15;

    private final MatMul small;
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    BlasMatMul(MatMul small) {
        if (!OpenBlas.available()) {
            throw new IllegalStateException("OpenBLAS is not loaded");
        }
        this.small = small;
    }

    @Override
    public boolean takesExampleMajor(int outputs, int inputs, int columns) {
        // mult: m = outputs, n = columns, k = inputs; multTransB: m = outputs, n = inputs, k = columns
        return large(outputs, columns, inputs);
    }

    /**
     * Writes {@code units} values of {@code src} from {@code from} as column {@code column} of the
     * example-major batch b (whose {@link Batch#exampleMajor} the caller sets once the batch is complete).
     */
    static void putExample(Batch b, int column, double[] src, int from, int units) {
        long capacity = (long) units * b.row[0].length;
        if (b.examples == null || b.examples.capacity() < capacity) {
            if (b.examples != null) {
                b.examples.close();
            }
            b.examples = new DoublePointer(capacity);
            b.examplesView = capacity <= Integer.MAX_VALUE / Double.BYTES
                    ? b.examples.asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asDoubleBuffer() : null;
        }
        if (b.examplesView != null) {
            // the JDK's bulk copy, no JNI call: rows of 784 values go in ≈ 20 % less time
            b.examplesView.put(column * units, src, from, units);
            return;
        }
        b.examples.position((long) column * units).put(src, from, units);
        b.examples.position(0);
    }

    static boolean large(int m, int n, int k) {
        return m >= MIN_DIMENSION && n >= MIN_DIMENSION && k >= MIN_DIMENSION && (long) m * n * k >= MIN_MULTIPLY_ADDS;
    }

    @Override
    public void mult(DMatrixRMaj w, Batch b, Batch c) {
        int m = w.numRows;
        int k = w.numCols;
        int n = b.cols;
        if (!large(m, n, k)) {
            requireRows(b);
            small.mult(w, b, c);
            return;
        }
        DoublePointer a = buffers.get().a(m * k);
        a.put(w.data, 0, m * k);
        product(a, m, k, b, c);
    }

    /**
     * {@link #mult} with W (m×k, row-major) already in native memory: no copy of it. False, with nothing
     * done, where the product is not one for OpenBLAS.
     */
    boolean multNative(DoublePointer w, int m, int k, Batch b, Batch c) {
        if (!large(m, b.cols, k)) {
            return false;
        }
        product(w, m, k, b, c);
        return true;
    }

    /** c = W·b with W (m×k, row-major) in native memory. */
    private void product(DoublePointer w, int m, int k, Batch b, Batch c) {
        int n = b.cols;
        Buffers buf = buffers.get();
        DoublePointer cp = buf.c(m * n);
        if (b.exampleMajor) {
            // C (m×n) = W (m×k)·Bᵀ with B stored n×k (one example after the other)
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1, w, k, b.examples, k, 0, cp, n);
        } else {
            DoublePointer bp = buf.b(k * n);
            pack(b, k, n, bp);
            // C (m×n) = W (m×k)·B (k×n)
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, w, k, bp, n, 0, cp, n);
        }
        c.reshape(n);
        unpack(cp, m, n, c);
    }

    @Override
    public void multTransA(DMatrixRMaj w, Batch b, Batch c) {
        int m = w.numCols;
        int k = w.numRows;
        int n = b.cols;
        requireRows(b);
        if (!large(m, n, k)) {
            small.multTransA(w, b, c);
            return;
        }
        DoublePointer a = buffers.get().a(m * k);
        a.put(w.data, 0, m * k);
        transposedProduct(a, m, k, b, c);
    }

    /**
     * {@link #multTransA} with W (k×m, row-major: {@code rows} × {@code cols}) already in native memory:
     * no copy of it. False, with nothing done, where the product is not one for OpenBLAS.
     */
    boolean multTransANative(DoublePointer w, int rows, int cols, Batch b, Batch c) {
        requireRows(b);
        if (!large(cols, b.cols, rows)) {
            return false;
        }
        transposedProduct(w, cols, rows, b, c);
        return true;
    }

    /** c = Wᵀ·b with W (k×m, row-major) in native memory. */
    private void transposedProduct(DoublePointer w, int m, int k, Batch b, Batch c) {
        int n = b.cols;
        Buffers buf = buffers.get();
        DoublePointer bp = buf.b(k * n);
        pack(b, k, n, bp);
        DoublePointer cp = buf.c(m * n);
        // C (m×n) = Wᵀ·B with W stored k×m
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, m, n, k, 1, w, m, bp, n, 0, cp, n);
        c.reshape(n);
        unpack(cp, m, n, c);
    }

    @Override
    public void multTransB(Batch a, Batch b, DMatrixRMaj c) {
        int m = a.units();
        int n = b.units();
        int k = a.cols;
        requireRows(a);
        if (!large(m, n, k)) {
            requireRows(b);
            small.multTransB(a, b, c);
            return;
        }
        DoublePointer cp = buffers.get().c(m * n);
        gradient(a, b, cp, 0);
        c.reshape(m, n, false);
        cp.position(0).get(c.data, 0, m * n);
    }

    /**
     * {@link #multTransB} into native memory ({@code out}, m×n row-major), where the optimizer reads it:
     * no copy to the heap. With {@code outIsZero}, out holds m·n zeros (+0.0), and OpenBLAS adds to them
     * instead of zeroing out first: the same values bit for bit, without a pass over the output (a
     * memset of 800 KB per batch for 784-128-10). False, with nothing done, where the product is not one
     * for OpenBLAS.
     */
    boolean multTransBNative(Batch a, Batch b, DoublePointer out, boolean outIsZero) {
        int m = a.units();
        int n = b.units();
        int k = a.cols;
        requireRows(a);
        if (!large(m, n, k)) {
            return false;
        }
        gradient(a, b, out, outIsZero ? 1 : 0);
        return true;
    }

    /**
     * out (m×n, row-major, native) = a·bᵀ + beta·out for a batch a of m units and b of n, over their k
     * columns; beta is 0 or 1 (OpenBLAS zeroes out first for 0, and reads it as it is for 1).
     */
    private void gradient(Batch a, Batch b, DoublePointer out, double beta) {
        int m = a.units();
        int n = b.units();
        int k = a.cols;
        Buffers buf = buffers.get();
        DoublePointer ap = buf.a(m * k);
        pack(a, m, k, ap);
        if (b.exampleMajor) {
            // C (m×n) = A (m×k)·B with B = the batch example-major, k×n
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, ap, k, b.examples, n, beta, out, n);
        } else {
            DoublePointer bp = buf.b(n * k);
            pack(b, n, k, bp);
            // C (m×n) = A (m×k)·Bᵀ with B stored n×k
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1, ap, k, bp, k, beta, out, n);
        }
    }

    /** An example-major batch reaches only the products that {@link #takesExampleMajor} promised. */
    private static void requireRows(Batch b) {
        if (b.exampleMajor) {
            throw new IllegalStateException("an example-major batch of " + b.units() + " × " + b.cols
                    + " reached a product that reads its rows");
        }
    }

    /** The first {@code cols} values of each of the {@code units} rows, one after the other. */
    private void pack(Batch from, int units, int cols, DoublePointer to) {
        java.nio.ByteBuffer view = Vectors.ENABLED ? buffers.get().view(to) : null;
        if (view != null) {
            for (int r = 0; r < units; r++) {
                VectorCopy.intoNative(from.row[r], 0, view, r * cols, cols);
            }
            return;
        }
        for (int r = 0; r < units; r++) {
            to.position((long) r * cols).put(from.row[r], 0, cols);
        }
        to.position(0);
    }

    private void unpack(DoublePointer from, int units, int cols, Batch to) {
        java.nio.ByteBuffer view = Vectors.ENABLED ? buffers.get().view(from) : null;
        if (view != null) {
            for (int r = 0; r < units; r++) {
                VectorCopy.fromNative(view, r * cols, to.row[r], 0, cols);
            }
            return;
        }
        for (int r = 0; r < units; r++) {
            from.position((long) r * cols).get(to.row[r], 0, cols);
        }
        from.position(0);
    }

    /** Native operand buffers of one thread, grown (never shrunk) to the largest product seen. */
    private static final class Buffers {
        private DoublePointer a;
        private DoublePointer b;
        private DoublePointer c;
        /** Each buffer's memory as a ByteBuffer, made with the buffer (null when too large for one). */
        private java.nio.ByteBuffer aView;
        private java.nio.ByteBuffer bView;
        private java.nio.ByteBuffer cView;

        DoublePointer a(long size) {
            if (a == null || a.capacity() < size) {
                a = grown(a, size);
                aView = viewOf(a);
            }
            return a.position(0);
        }

        DoublePointer b(long size) {
            if (b == null || b.capacity() < size) {
                b = grown(b, size);
                bView = viewOf(b);
            }
            return b.position(0);
        }

        DoublePointer c(long size) {
            if (c == null || c.capacity() < size) {
                c = grown(c, size);
                cView = viewOf(c);
            }
            return c.position(0);
        }

        /** The view of one of these buffers, or null. */
        java.nio.ByteBuffer view(DoublePointer p) {
            return p == a ? aView : p == b ? bView : p == c ? cView : null;
        }

        private static java.nio.ByteBuffer viewOf(DoublePointer p) {
            return p.capacity() <= Integer.MAX_VALUE / Double.BYTES
                    ? p.asByteBuffer().order(java.nio.ByteOrder.nativeOrder()) : null;
        }

        private static DoublePointer grown(DoublePointer p, long size) {
            if (p != null) {
                // freed now rather than when the collector finds the old pointer unreachable
                p.close();
            }
            return new DoublePointer(size);
        }
    }
}
