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
            return new TrainingData(x, y, List.of("Sepal.Length", "Sepal.Width", "Petal.Length", "Petal.Width"), classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** XOR, each of the four points repeated, as two classes. */
    /** The feature block of {@code data} as plain numeric columns. */
    static List<Column> columns(TrainingData data) {
        List<Column> columns = new ArrayList<>();
        int cols = data.featureCount();
        for (int j = 0; j < cols; j++) {
            double[] values = new double[data.rows()];
            for (int r = 0; r < data.rows(); r++) {
                values[r] = data.features()[r * cols + j];
            }
            columns.add(Columns.numeric(data.featureNames().get(j), values));
        }
        return columns;
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
        return new TrainingData(x, y, List.of("a", "b"), List.of("false", "true"));
    }
}
