package dev.backprop.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SmallMatMul#multTransB}'s dot products on the Vector API, each with {@link SmallMatMul#dot}'s
 * summation order, so bit for bit its values: four partial sums, lane j adding the products at
 * t ≡ j (mod 4), the remainder added to the first, then (s₀ + s₁) + (s₂ + s₃). Four lanes always
 * (256 bits), whatever the CPU's widest vectors, so that the order, and so the weights, do not depend
 * on the machine. Blocks of 3×4 and 2×4 outputs share their loads, and their twelve or eight
 * accumulators are independent, so the adds do not wait on one another. Loaded only when
 * {@link Vectors#ENABLED}.
 */
final class VectorDots {

    private static final VectorSpecies<Double> FOUR = DoubleVector.SPECIES_256;

    private VectorDots() {
    }

    /** Whether four lanes of double are one native vector here (they are wherever AVX2 or SVE/NEON pairs are). */
    static boolean native4() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    /** c[i·cols + j] = a[i]·b[j] over the first {@code n} values, for i < rows, j < cols. */
    static void multTransB(double[][] a, int rows, double[][] b, int cols, int n, double[] c) {
        int quads = n & ~3;
        int i = 0;
        for (; i + 2 < rows; i += 3) {
            int j = 0;
            for (; j + 3 < cols; j += 4) {
                block3x4(a[i], a[i + 1], a[i + 2], b[j], b[j + 1], b[j + 2], b[j + 3], n, quads, c, i * cols + j, cols);
            }
            for (; j < cols; j++) {
                block3x1(a[i], a[i + 1], a[i + 2], b[j], n, quads, c, i * cols + j, cols);
            }
        }
        for (; i + 1 < rows; i += 2) {
            int j = 0;
            for (; j + 3 < cols; j += 4) {
                block2x4(a[i], a[i + 1], b[j], b[j + 1], b[j + 2], b[j + 3], n, quads, c, i * cols + j, cols);
            }
            for (; j < cols; j++) {
                c[i * cols + j] = dot(a[i], b[j], n, quads);
                c[(i + 1) * cols + j] = dot(a[i + 1], b[j], n, quads);
            }
        }
        for (; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                c[i * cols + j] = dot(a[i], b[j], n, quads);
            }
        }
    }

    private static void block3x4(double[] a0, double[] a1, double[] a2, double[] b0, double[] b1, double[] b2,
                                 double[] b3, int n, int quads, double[] c, int co, int stride) {
        DoubleVector s00 = DoubleVector.zero(FOUR);
        DoubleVector s01 = s00;
        DoubleVector s02 = s00;
        DoubleVector s03 = s00;
        DoubleVector s10 = s00;
        DoubleVector s11 = s00;
        DoubleVector s12 = s00;
        DoubleVector s13 = s00;
        DoubleVector s20 = s00;
        DoubleVector s21 = s00;
        DoubleVector s22 = s00;
        DoubleVector s23 = s00;
        for (int t = 0; t < quads; t += 4) {
            DoubleVector x0 = DoubleVector.fromArray(FOUR, a0, t);
            DoubleVector x1 = DoubleVector.fromArray(FOUR, a1, t);
            DoubleVector x2 = DoubleVector.fromArray(FOUR, a2, t);
            DoubleVector y0 = DoubleVector.fromArray(FOUR, b0, t);
            DoubleVector y1 = DoubleVector.fromArray(FOUR, b1, t);
            DoubleVector y2 = DoubleVector.fromArray(FOUR, b2, t);
            DoubleVector y3 = DoubleVector.fromArray(FOUR, b3, t);
            // products then sums, not fused: the scalar order's s += x·y
            s00 = s00.add(x0.mul(y0));
            s01 = s01.add(x0.mul(y1));
            s02 = s02.add(x0.mul(y2));
            s03 = s03.add(x0.mul(y3));
            s10 = s10.add(x1.mul(y0));
            s11 = s11.add(x1.mul(y1));
            s12 = s12.add(x1.mul(y2));
            s13 = s13.add(x1.mul(y3));
            s20 = s20.add(x2.mul(y0));
            s21 = s21.add(x2.mul(y1));
            s22 = s22.add(x2.mul(y2));
            s23 = s23.add(x2.mul(y3));
        }
        c[co] = finish(s00.lane(0), s00.lane(1), s00.lane(2), s00.lane(3), a0, b0, quads, n);
        c[co + 1] = finish(s01.lane(0), s01.lane(1), s01.lane(2), s01.lane(3), a0, b1, quads, n);
        c[co + 2] = finish(s02.lane(0), s02.lane(1), s02.lane(2), s02.lane(3), a0, b2, quads, n);
        c[co + 3] = finish(s03.lane(0), s03.lane(1), s03.lane(2), s03.lane(3), a0, b3, quads, n);
        c[co + stride] = finish(s10.lane(0), s10.lane(1), s10.lane(2), s10.lane(3), a1, b0, quads, n);
        c[co + stride + 1] = finish(s11.lane(0), s11.lane(1), s11.lane(2), s11.lane(3), a1, b1, quads, n);
        c[co + stride + 2] = finish(s12.lane(0), s12.lane(1), s12.lane(2), s12.lane(3), a1, b2, quads, n);
        c[co + stride + 3] = finish(s13.lane(0), s13.lane(1), s13.lane(2), s13.lane(3), a1, b3, quads, n);
        c[co + 2 * stride] = finish(s20.lane(0), s20.lane(1), s20.lane(2), s20.lane(3), a2, b0, quads, n);
        c[co + 2 * stride + 1] = finish(s21.lane(0), s21.lane(1), s21.lane(2), s21.lane(3), a2, b1, quads, n);
        c[co + 2 * stride + 2] = finish(s22.lane(0), s22.lane(1), s22.lane(2), s22.lane(3), a2, b2, quads, n);
        c[co + 2 * stride + 3] = finish(s23.lane(0), s23.lane(1), s23.lane(2), s23.lane(3), a2, b3, quads, n);
    }

    private static void block2x4(double[] a0, double[] a1, double[] b0, double[] b1, double[] b2, double[] b3,
                                 int n, int quads, double[] c, int co, int stride) {
        DoubleVector s00 = DoubleVector.zero(FOUR);
        DoubleVector s01 = s00;
        DoubleVector s02 = s00;
        DoubleVector s03 = s00;
        DoubleVector s10 = s00;
        DoubleVector s11 = s00;
        DoubleVector s12 = s00;
        DoubleVector s13 = s00;
        for (int t = 0; t < quads; t += 4) {
            DoubleVector x0 = DoubleVector.fromArray(FOUR, a0, t);
            DoubleVector x1 = DoubleVector.fromArray(FOUR, a1, t);
            DoubleVector y0 = DoubleVector.fromArray(FOUR, b0, t);
            DoubleVector y1 = DoubleVector.fromArray(FOUR, b1, t);
            DoubleVector y2 = DoubleVector.fromArray(FOUR, b2, t);
            DoubleVector y3 = DoubleVector.fromArray(FOUR, b3, t);
            s00 = s00.add(x0.mul(y0));
            s01 = s01.add(x0.mul(y1));
            s02 = s02.add(x0.mul(y2));
            s03 = s03.add(x0.mul(y3));
            s10 = s10.add(x1.mul(y0));
            s11 = s11.add(x1.mul(y1));
            s12 = s12.add(x1.mul(y2));
            s13 = s13.add(x1.mul(y3));
        }
        c[co] = finish(s00.lane(0), s00.lane(1), s00.lane(2), s00.lane(3), a0, b0, quads, n);
        c[co + 1] = finish(s01.lane(0), s01.lane(1), s01.lane(2), s01.lane(3), a0, b1, quads, n);
        c[co + 2] = finish(s02.lane(0), s02.lane(1), s02.lane(2), s02.lane(3), a0, b2, quads, n);
        c[co + 3] = finish(s03.lane(0), s03.lane(1), s03.lane(2), s03.lane(3), a0, b3, quads, n);
        c[co + stride] = finish(s10.lane(0), s10.lane(1), s10.lane(2), s10.lane(3), a1, b0, quads, n);
        c[co + stride + 1] = finish(s11.lane(0), s11.lane(1), s11.lane(2), s11.lane(3), a1, b1, quads, n);
        c[co + stride + 2] = finish(s12.lane(0), s12.lane(1), s12.lane(2), s12.lane(3), a1, b2, quads, n);
        c[co + stride + 3] = finish(s13.lane(0), s13.lane(1), s13.lane(2), s13.lane(3), a1, b3, quads, n);
    }

    private static void block3x1(double[] a0, double[] a1, double[] a2, double[] b0, int n, int quads, double[] c,
                                 int co, int stride) {
        DoubleVector s0 = DoubleVector.zero(FOUR);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        for (int t = 0; t < quads; t += 4) {
            DoubleVector y = DoubleVector.fromArray(FOUR, b0, t);
            s0 = s0.add(DoubleVector.fromArray(FOUR, a0, t).mul(y));
            s1 = s1.add(DoubleVector.fromArray(FOUR, a1, t).mul(y));
            s2 = s2.add(DoubleVector.fromArray(FOUR, a2, t).mul(y));
        }
        c[co] = finish(s0.lane(0), s0.lane(1), s0.lane(2), s0.lane(3), a0, b0, quads, n);
        c[co + stride] = finish(s1.lane(0), s1.lane(1), s1.lane(2), s1.lane(3), a1, b0, quads, n);
        c[co + 2 * stride] = finish(s2.lane(0), s2.lane(1), s2.lane(2), s2.lane(3), a2, b0, quads, n);
    }

    private static double dot(double[] x, double[] y, int n, int quads) {
        DoubleVector s = DoubleVector.zero(FOUR);
        for (int t = 0; t < quads; t += 4) {
            s = s.add(DoubleVector.fromArray(FOUR, x, t).mul(DoubleVector.fromArray(FOUR, y, t)));
        }
        return finish(s.lane(0), s.lane(1), s.lane(2), s.lane(3), x, y, quads, n);
    }

    /**
     * The four partial sums (the lanes, taken out by the caller: a vector passed to a call C2 does not
     * inline is boxed on the heap) with the remainder from {@code quads} to {@code n} added to the first.
     */
    private static double finish(double s0, double s1, double s2, double s3, double[] x, double[] y, int quads,
                                 int n) {
        for (int t = quads; t < n; t++) {
            s0 += x[t] * y[t];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
