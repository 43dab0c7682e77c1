package dev.backprop.prediction;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import dev.backprop.system.ApiException;
import dev.backprop.system.BodyTooLargeException;

/**
 * Reads CSV instances with a header row. Columns are matched by name, in any order; an unnamed
 * first column (R's row numbers) and the model's label column are ignored, so the training file
 * itself can be sent. Rows are counted from 1 after the header.
 */
final class CsvInstanceReader {

    private CsvInstanceReader() {
    }

    static InstanceBatch read(Reader reader, List<String> features, Map<String, Integer> index, String labelColumn,
                              int maxInstances) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setTrim(true).setIgnoreEmptyLines(true).get();
        try (CSVParser parser = format.parse(reader)) {
            java.util.Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw new InvalidInstanceException("the CSV body is empty; send a header row and one row per instance");
            }
            CSVRecord header = records.next();
            int[] columnOf = new int[features.size()];
            java.util.Arrays.fill(columnOf, -1);
            for (int c = 0; c < header.size(); c++) {
                String name = stripBom(header.get(c), c);
                Integer j = index.get(name);
                if (j != null) {
                    columnOf[j] = c;
                } else if (!(name.isEmpty() && c == 0) && !name.equals(labelColumn)) {
                    throw new InvalidInstanceException("CSV column '" + name + "' is not a feature of the model; "
                            + "its features are " + String.join(", ", features));
                }
            }
            for (int j = 0; j < features.size(); j++) {
                if (columnOf[j] < 0) {
                    throw new InvalidInstanceException("the CSV lacks the feature column '" + features.get(j) + "'");
                }
            }
            DoubleBlock x = new DoubleBlock(features.size());
            int row = 0;
            while (records.hasNext()) {
                CSVRecord record = records.next();
                row++;
                if (row > maxInstances) {
                    throw new InvalidInstanceException("at most " + maxInstances + " instances per request "
                            + "(backprop.limits.prediction-instances)");
                }
                if (record.size() != header.size()) {
                    throw new InvalidInstanceException("CSV row " + row + " has " + record.size() + " fields, the header "
                            + header.size());
                }
                for (int j = 0; j < features.size(); j++) {
                    x.add(parse(record.get(columnOf[j]), row, features.get(j)));
                }
            }
            if (row == 0) {
                throw new InvalidInstanceException("the CSV has a header but no rows");
            }
            return new InstanceBatch(x.toArray(), row);
        } catch (IOException e) {
            throw tooLargeOr(e);
        } catch (UncheckedIOException e) {
            throw tooLargeOr(e.getCause());
        } catch (IllegalStateException e) {
            throw new InvalidInstanceException("the CSV body is malformed: " + e.getMessage());
        }
    }

    private static RuntimeException tooLargeOr(IOException e) {
        if (e instanceof BodyTooLargeException) {
            return ApiException.tooLarge(e.getMessage());
        }
        return new InvalidInstanceException("the CSV body could not be read: " + e.getMessage());
    }

    private static String stripBom(String name, int column) {
        return column == 0 && name.startsWith("\uFEFF") ? name.substring(1).trim() : name;
    }

    private static double parse(String text, int row, String feature) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidInstanceException("CSV row " + row + ", column '" + feature + "': '" + text
                    + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new InvalidInstanceException("CSV row " + row + ", column '" + feature + "': must be finite, was "
                    + text);
        }
        return v;
    }

    /** A growable primitive block, so large CSV batches are not boxed. */
    private static final class DoubleBlock {
        private double[] data;
        private int size;

        DoubleBlock(int width) {
            data = new double[width * 64];
        }

        void add(double v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = v;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
