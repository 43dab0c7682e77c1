package dev.backprop.engine;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Data sets for engine tests: the shipped Iris file and small synthetic problems. */
final class Fixtures {

    private Fixtures() {
    }

    /** The shipped Iris (R write.csv format: index column first, species last). */
    static TrainingData iris() {
        try (Reader reader = new InputStreamReader(Fixtures.class.getResourceAsStream("/datasets/iris.csv"),
                StandardCharsets.UTF_8)) {
            List<CSVRecord> records = CSVFormat.DEFAULT.parse(reader).getRecords();
            records = records.subList(1, records.size());
            List<String> classes = new ArrayList<>();
            double[] x = new double[records.size() * 4];
            int[] y = new int[records.size()];
            for (int r = 0; r < records.size(); r++) {
                CSVRecord record = records.get(r);
                for (int j = 0; j < 4; j++) {
                    x[r * 4 + j] = Double.parseDouble(record.get(j + 1));
                }
                String species = record.get(5);
                if (!classes.contains(species)) {
                    classes.add(species);
                }
                y[r] = classes.indexOf(species);
            }
            return TrainingData.of(x, y, List.of("Sepal.Length", "Sepal.Width", "Petal.Length", "Petal.Width"), classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** XOR, each of the four points repeated, as two classes. */
    /** The numeric columns of {@code data} as a new dense row-major block. */
    static double[] matrix(TrainingData data) {
        int cols = data.featureCount();
        double[] x = new double[data.rows() * cols];
        for (int j = 0; j < cols; j++) {
            NumericColumn column = (NumericColumn) data.features().get(j);
            for (int r = 0; r < data.rows(); r++) {
                x[r * cols + j] = column.value(r);
            }
        }
        return x;
    }

    /** The class of every row of a classification {@code data}. */
    static int[] labels(TrainingData data) {
        return ((TrainingData.Classes) data.target()).labels();
    }

    static TrainingData xor(int copies) {
        double[][] points = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        int[] classes = {0, 1, 1, 0};
        double[] x = new double[copies * 8];
        int[] y = new int[copies * 4];
        for (int c = 0; c < copies; c++) {
            for (int p = 0; p < 4; p++) {
                x[(c * 4 + p) * 2] = points[p][0];
                x[(c * 4 + p) * 2 + 1] = points[p][1];
                y[c * 4 + p] = classes[p];
            }
        }
        return TrainingData.of(x, y, List.of("a", "b"), List.of("false", "true"));
    }
}
