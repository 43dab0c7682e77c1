package dev.backprop.engine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Prints engine figures; asserts nothing about time. Run with
 * {@code ./mvnw test -Dtest=EngineBenchmark -Dtest.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 * (README "Benchmarks"). Runs numpy's version of the case study in the same run when python3
 * with numpy is on the PATH, and prints the ratio.
 */
@Tag("benchmark")
// the case study first: the tiny-shape loops are then compiled before large shapes widen the JIT's profile
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineBenchmark {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    @Order(1)
    void caseStudyOnIris() throws Exception {
        TrainingData iris = Fixtures.iris();
        Trainer trainer = new Trainer();
        // warm-up: lets the JIT compile the loop before the timed run
        trainer.train(TrainingConfig.caseStudy(1).toBuilder().epochs(20_000).build(), iris, TrainingListener.NONE);

        int epochs = 100_000;
        EpochProbe probe = new EpochProbe(1_000, epochs);
        long[] timing = new long[1];
        TrainingResult[] result = new TrainingResult[1];
        long start = System.nanoTime();
        result[0] = trainer.train(TrainingConfig.caseStudy(1), iris, probe);
        timing[0] = System.nanoTime() - start;
        int n = result[0].train().rows();
        // forward 4·5 + 5·3, ∂W 4·5 + 5·3, back-propagated δ 5·3 multiply-adds per row
        double flopsPerEpoch = 2.0 * n * (20 + 15 + 20 + 15 + 15);
        double seconds = timing[0] / 1e9;
        print("case study 4-5-3, Iris, %d epochs: %.3f s, %.2f µs/epoch, %.3f GFLOP/s, %.1f bytes allocated/epoch, "
                        + "test accuracy %.4f, 1-MAE figure %.2f%%",
                epochs, seconds, seconds / epochs * 1e6, flopsPerEpoch * epochs / seconds / 1e9,
                probe.bytesPerEpoch(), result[0].test().accuracy(),
                result[0].test().oneMinusMaePercent());

        double numpySeconds = numpy(epochs);
        if (numpySeconds > 0) {
            print("numpy / java time ratio for the case study: %.2fx", numpySeconds / seconds);
        }
    }

    @Test
    @Order(2)
    void mnistShapedEpochAgainstNumpy() throws Exception {
        int rows = 20_000;
        int features = 784;
        int classes = 10;
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = new double[rows * features];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = rng.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[r * features + j] = rng.nextDouble() + (j % classes == y[r] ? 0.5 : 0);
            }
        }
        List<String> featureNames = java.util.stream.IntStream.range(0, features).mapToObj(i -> "f" + i).toList();
        List<String> classNames = java.util.stream.IntStream.range(0, classes).mapToObj(i -> "c" + i).toList();
        TrainingData data = TrainingData.of(x, y, featureNames, classNames);
        TrainingConfig config = TrainingConfig.defaults(1).toBuilder().hiddenLayers(List.of(128)).batchSize(128)
                .testFraction(0).validationFraction(0).earlyStopping(null).build();
        // per row: forward 784·128 + 128·10, ∂W the same, δ back through W2 128·10 multiply-adds
        double flops = 2.0 * rows * (784 * 128 + 128 * 10) * 2 + 2.0 * rows * 128 * 10;
        double[] peak = {blasPeak(1), blasPeak(2)};
        print("OpenBLAS dgemm 1024³ on this machine (operands in native memory, best of 10): %.1f GFLOP/s on one core, %.1f on two (one product per core)",
                peak[0], peak[1]);

        int rounds = 3;
        double[][] java = new double[3][rounds];
        double[][] numpy = new double[3][rounds];
        double[] javaCpu = new double[rounds];
        double[] numpyCpu = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            for (int threads : new int[] {1, 2}) {
                // interleaved, the peer first in every other round: load on the machine weighs on both alike
                if (round % 2 == 1) {
                    numpy[threads][round] = numpyEpoch(threads, numpyCpu, round);
                }
                Trainer trainer = new Trainer(threads);
                trainer.train(config.toBuilder().epochs(1).build(), data, TrainingListener.NONE);
                // time and allocation between the ends of epochs 2 and 4: the epoch loop alone, without set-up
                // and without the first epoch's one-time buffers (e.g. the smaller last batch's)
                EpochProbe probe = new EpochProbe(2, 4);
                trainer.train(config.toBuilder().epochs(4).build(), data, probe);
                java[threads][round] = probe.secondsPerEpoch();
                print("round %d, %d thread(s): java %.4f s per epoch (%.1f GFLOP/s, %.0f%% of dgemm's), "
                                + "cpu of the calling thread %.4f s per epoch, %.1f bytes allocated per epoch on it",
                        round + 1, threads, probe.secondsPerEpoch(), flops / probe.secondsPerEpoch() / 1e9,
                        100 * flops / probe.secondsPerEpoch() / 1e9 / peak[threads - 1], probe.cpuSecondsPerEpoch(),
                        probe.bytesPerEpoch());
                if (round % 2 == 0) {
                    numpy[threads][round] = numpyEpoch(threads, numpyCpu, round);
                }
                if (threads == 1) {
                    javaCpu[round] = probe.cpuSecondsPerEpoch();
                }
            }
        }
        print("784-128-10, one thread, CPU time per epoch, medians of %d rounds (robust to other load): java %.4f s, "
                        + "numpy %.4f s: numpy / java = %.2fx (goal 1.5x)", rounds, median(javaCpu), median(numpyCpu),
                median(numpyCpu) / median(javaCpu));
        for (int threads : new int[] {1, 2}) {
            double j = median(java[threads]);
            double n = median(numpy[threads]);
            print("784-128-10, %d rows, batch 128, %d thread(s), medians of %d rounds: java %.4f s per epoch "
                            + "(%.1f GFLOP/s), numpy %.4f s (%.1f GFLOP/s): numpy / java = %.2fx (goal 1.5x)",
                    rows, threads, rounds, j, flops / j / 1e9, n, flops / n / 1e9, n / j);
        }
    }

    /**
     * GFLOP/s of OpenBLAS multiplying 1024×1024 matrices already in native memory (no packing), on
     * {@code threads} threads at once: the best of ten products per thread, after two to warm up.
     */
    private static double blasPeak(int threads) throws Exception {
        if (!OpenBlas.available()) {
            return Double.NaN;
        }
        int n = 1024;
        int reps = 12;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
            List<java.util.concurrent.Future<double[]>> all = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                all.add(pool.submit(() -> {
                    try (org.bytedeco.javacpp.DoublePointer a = new org.bytedeco.javacpp.DoublePointer((long) n * n);
                         org.bytedeco.javacpp.DoublePointer b = new org.bytedeco.javacpp.DoublePointer((long) n * n);
                         org.bytedeco.javacpp.DoublePointer c = new org.bytedeco.javacpp.DoublePointer((long) n * n)) {
                        for (long i = 0; i < (long) n * n; i++) {
                            a.put(i, (i % 7) * 0.1);
                            b.put(i, (i % 5) * 0.1);
                        }
                        double[] seconds = new double[reps];
                        for (int rep = 0; rep < reps; rep++) {
                            // each rep starts on every thread at once: the two-core figure is the cores together
                            start.await();
                            long begin = System.nanoTime();
                            org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm(
                                    org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor,
                                    org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans,
                                    org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans,
                                    n, n, n, 1, a, n, b, n, 0, c, n);
                            seconds[rep] = (System.nanoTime() - begin) / 1e9;
                        }
                        return seconds;
                    }
                }));
            }
            double[][] seconds = new double[threads][];
            for (int t = 0; t < threads; t++) {
                seconds[t] = all.get(t).get();
            }
            double best = 0;
            for (int rep = 2; rep < reps; rep++) {
                double slowest = 0;
                for (int t = 0; t < threads; t++) {
                    slowest = Math.max(slowest, seconds[t][rep]);
                }
                best = Math.max(best, threads * 2.0 * n * n * n / slowest / 1e9);
            }
            return best;
        } finally {
            pool.shutdown();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** numpy's per-epoch time for the same network and data size (bench/engine_numpy.py), or NaN. */
    private static double numpyEpoch(int threads, double[] cpu, int round) throws Exception {
        Path script = Path.of("bench/engine_numpy.py");
        double seconds = Double.NaN;
        if (!Files.exists(script)) {
            return seconds;
        }
        Process process = new ProcessBuilder("python3", script.toString(), Integer.toString(threads), "4")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                print("%s", line);
                if (line.contains("per epoch")) {
                    seconds = Double.parseDouble(line.replaceAll(".*: per epoch ([0-9.]+) s.*", "$1"));
                    if (threads == 1) {
                        cpu[round] = Double.parseDouble(line.replaceAll(".*cpu ([0-9.]+) s per epoch.*", "$1"));
                    }
                }
            }
        }
        process.waitFor();
        return seconds;
    }

    /**
     * Reads the thread's allocation counter and the clock at the ends of two epochs, from inside the
     * training loop, so that set-up and the result's history are not counted. Asks for no figures,
     * as a caller that only wants the model would.
     */
    private static final class EpochProbe implements TrainingListener {
        private final int first;
        private final int last;
        long startNanos;
        long firstNanos;
        long lastNanos;
        long firstBytes;
        long lastBytes;
        long firstCpu;
        long lastCpu;

        EpochProbe(int first, int last) {
            this.first = first;
            this.last = last;
        }

        @Override
        public void onEpoch(int epoch, int epochs, double loss, double accuracy, double vLoss, double vAccuracy) {
            if (epoch == 1) {
                startNanos = System.nanoTime();
            }
            if (epoch == first) {
                firstBytes = THREADS.getCurrentThreadAllocatedBytes();
                firstCpu = THREADS.getCurrentThreadCpuTime();
                firstNanos = System.nanoTime();
            } else if (epoch == last) {
                lastNanos = System.nanoTime();
                lastCpu = THREADS.getCurrentThreadCpuTime();
                lastBytes = THREADS.getCurrentThreadAllocatedBytes();
            }
        }

        @Override
        public boolean wantsFigures(int epoch) {
            return false;
        }

        double bytesPerEpoch() {
            return (double) (lastBytes - firstBytes) / (last - first);
        }

        /** CPU time of the calling thread per epoch: with one thread, the same work whatever else loads the machine. */
        double cpuSecondsPerEpoch() {
            return (lastCpu - firstCpu) / 1e9 / (last - first);
        }

        double secondsPerEpoch() {
            return (lastNanos - firstNanos) / 1e9 / (last - first);
        }
    }

    private static double numpy(int epochs) throws Exception {
        Path script = Path.of("bench/case_study_numpy.py");
        if (!Files.exists(script)) {
            return -1;
        }
        Process process;
        try {
            process = new ProcessBuilder("python3", script.toString(), Integer.toString(epochs))
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            print("numpy comparison skipped: python3 not found (%s)", e.getMessage());
            return -1;
        }
        String line;
        double seconds = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            while ((line = out.readLine()) != null) {
                print("%s", line);
                if (line.startsWith("numpy")) {
                    seconds = Double.parseDouble(line.replaceAll(".* epochs in ([0-9.]+) s.*", "$1"));
                }
            }
        }
        process.waitFor();
        return seconds;
    }

    private static void print(String format, Object... args) {
        System.out.println("[benchmark] " + String.format(Locale.ROOT, format, args));
    }
}
