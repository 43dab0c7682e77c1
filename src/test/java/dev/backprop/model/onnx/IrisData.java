package dev.backprop.model.onnx;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import dev.backprop.engine.TrainingData;

/** The shipped Iris file (R write.csv layout: index column first, species last) as engine training data. */
public final class IrisData {

    private IrisData() {
    }

    /** The Iris features as a dense row-major block. */
    public static double[] matrix(TrainingData iris) {
        double[] x = new double[iris.rows() * 4];
        for (int j = 0; j < 4; j++) {
            dev.backprop.engine.NumericColumn column = (dev.backprop.engine.NumericColumn) iris.features().get(j);
            for (int r = 0; r < iris.rows(); r++) {
                x[r * 4 + j] = column.value(r);
            }
        }
        return x;
    }

    public static TrainingData load() {
        try (Reader reader = new InputStreamReader(IrisData.class.getResourceAsStream("/datasets/iris.csv"),
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
                if (!classes.contains(record.get(5))) {
                    classes.add(record.get(5));
                }
                y[r] = classes.indexOf(record.get(5));
            }
            return TrainingData.of(x, y, List.of("Sepal.Length", "Sepal.Width", "Petal.Length", "Petal.Width"),
                    classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
