package dev.backprop.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The upload-speed benchmark's file, generated the same on every run: 60 000 rows (≈ 20 MB) of 40
 * decimal columns (1–5 decimals, as measurements are written), 5 small-integer columns, 3 text
 * columns with 2 % {@code NA} cells and a text label: the mix of a real tabular upload.
 */
final class BenchmarkCsv {

    private static final String[][] LEVELS = {{"red", "green", "blue"}, {"S", "M", "L", "XL"},
        {"north", "south", "east", "west", "centre"}};
    private static final String[] LABELS = {"a", "b", "c", "d", "e"};

    private BenchmarkCsv() {
    }

    static void write(Path file, int rows) throws IOException {
        SplittableRandom rng = new SplittableRandom(1);
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                1 << 16)) {
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < 40; j++) {
                line.append('x').append(j).append(',');
            }
            for (int j = 0; j < 5; j++) {
                line.append('k').append(j).append(',');
            }
            line.append("c0,c1,c2,label\n");
            out.write(line.toString());
            int[] decimals = new int[40];
            for (int j = 0; j < 40; j++) {
                decimals[j] = 1 + rng.nextInt(5);
            }
            for (int i = 0; i < rows; i++) {
                line.setLength(0);
                for (int j = 0; j < 40; j++) {
                    double v = 10.0 * j + (3 + j) * gaussian(rng);
                    line.append(java.math.BigDecimal.valueOf(v).setScale(decimals[j], java.math.RoundingMode.HALF_EVEN)
                            .stripTrailingZeros().toPlainString()).append(',');
                }
                for (int j = 0; j < 5; j++) {
                    line.append(rng.nextInt(10)).append(',');
                }
                for (String[] levels : LEVELS) {
                    line.append(rng.nextInt(50) == 0 ? "NA" : levels[rng.nextInt(levels.length)]).append(',');
                }
                line.append(LABELS[rng.nextInt(LABELS.length)]).append('\n');
                out.write(line.toString());
            }
        }
    }

    /**
     * The other common file: 40 columns of normal floats at full precision (the shortest text that
     * reads back exactly, as pandas' {@code to_csv} and Python's {@code repr} write them: 16–17
     * digits) and a text label; 25 000 rows ≈ 20 MB.
     */
    static void writeFullPrecision(Path file, int rows) throws IOException {
        SplittableRandom rng = new SplittableRandom(3);
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                1 << 16)) {
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < 40; j++) {
                line.append('x').append(j).append(',');
            }
            out.write(line.append("label\n").toString());
            for (int i = 0; i < rows; i++) {
                line.setLength(0);
                for (int j = 0; j < 40; j++) {
                    line.append(gaussian(rng)).append(',');
                }
                out.write(line.append(LABELS[rng.nextInt(3)]).append('\n').toString());
            }
        }
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller: SplittableRandom has no nextGaussian on Java 17
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
