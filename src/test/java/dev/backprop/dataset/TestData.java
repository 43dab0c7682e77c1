package dev.backprop.dataset;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.engine.NumericColumn;
import dev.backprop.tabular.MissingMarkers;

/** Small helpers for the dataset tests: parse a string, read a column back as plain values. */
final class TestData {

    private TestData() {
    }

    static CsvDatasetParser parser(long maxBytes, int maxRows, int maxColumns) {
        return new CsvDatasetParser(maxBytes, maxRows, maxColumns, 1000, MissingMarkers.DEFAULT);
    }

    static ParsedDataset parse(CsvDatasetParser parser, String csv, String labelColumn, String columnTypes) {
        return parser.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), labelColumn,
                ColumnTypes.parse(columnTypes));
    }

    static List<String> names(ParsedDataset parsed) {
        return parsed.features().stream().map(Column::name).toList();
    }

    static Column column(ParsedDataset parsed, String name) {
        return parsed.features().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no column " + name + " in " + names(parsed)));
    }

    static double[] numbers(Column column) {
        NumericColumn numeric = (NumericColumn) column;
        double[] values = new double[numeric.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = numeric.value(i);
        }
        return values;
    }

    /** The cells of a categorical column as text, null for missing. */
    static String[] texts(Column column) {
        CategoricalColumn categorical = (CategoricalColumn) column;
        String[] texts = new String[categorical.size()];
        for (int i = 0; i < texts.length; i++) {
            int code = categorical.code(i);
            texts[i] = code == CategoricalColumn.MISSING ? null : categorical.levels().get(code);
        }
        return texts;
    }

    /** Row-major features of an all-numeric dataset, as the engine's TrainingData holds them. */
    static double[] matrix(ParsedDataset parsed) {
        int width = parsed.features().size();
        double[] x = new double[parsed.rows() * width];
        for (int j = 0; j < width; j++) {
            double[] column = numbers(parsed.features().get(j));
            for (int i = 0; i < column.length; i++) {
                x[i * width + j] = column[i];
            }
        }
        return x;
    }

    static int[] codes(CategoricalColumn column) {
        int[] codes = new int[column.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = column.code(i);
        }
        return codes;
    }

    static Map<String, ColumnType> types(String spec) {
        return ColumnTypes.parse(spec);
    }
}
