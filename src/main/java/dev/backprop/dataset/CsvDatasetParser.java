package dev.backprop.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a classification dataset from CSV in one streaming pass; the only exception it raises for
 * bad input is {@link InvalidDatasetException}.
 *
 * <p>Rules: UTF-8 (a BOM is dropped), LF, CRLF or CR line ends, fields quoted with {@code "}
 * (embedded commas, quotes doubled, line breaks), spaces around values ignored, blank lines
 * skipped. The first record is the header; an empty-named first column is an index (R's
 * {@code write.csv}, pandas' {@code to_csv}) and is dropped. The label column is
 * {@code labelColumn} if given, else the last column whose value in the first data row is not a
 * number, else the last column. Every other column is a feature and must hold finite numbers in
 * plain decimal notation ({@code 5.1}, {@code -3}, {@code 1e-3}) with a dot as decimal separator
 * whatever the server's locale.
 *
 * <p>Memory: features go straight into one growing {@code double[]} and labels into an
 * {@code int[]}; the text is never held whole.
 */
final class CsvDatasetParser {

    /** A label column with more distinct values than this is almost surely not a label. */
    static final int MAX_CLASSES = 1000;
    static final int MAX_COLUMN_NAME_LENGTH = 500;

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreSurroundingSpaces(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .get();

    /** Commons CSV names the line as "at line: 2" or "(startline 2)". */
    private static final Pattern CSV_LINE = Pattern.compile("(?:at line: |startline )([0-9,]+)");

    private static final Set<String> MISSING = Set.of("", "NA", "N/A", "n/a", "na", "null", "NULL", "None", "?");

    private final long maxBytes;
    private final int maxRows;
    private final int maxColumns;

    CsvDatasetParser(long maxBytes, int maxRows, int maxColumns) {
        this.maxBytes = maxBytes;
        this.maxRows = maxRows;
        this.maxColumns = maxColumns;
    }

    /**
     * @param labelColumn the label column's header name, or {@code null} to infer it
     * @throws InvalidDatasetException for anything about the content the service cannot accept
     * @throws UploadStream.SourceReadException when reading {@code source} itself fails
     */
    ParsedCsv parse(InputStream source, String labelColumn) {
        UploadStream upload = new UploadStream(source, maxBytes);
        InputStreamReader decoder = new InputStreamReader(upload, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        TextGuardReader text = new TextGuardReader(decoder);
        CSVParser csv;
        try {
            csv = CSVParser.builder().setReader(text).setFormat(FORMAT).get();
        } catch (IOException e) {
            throw unreadable(e, text);
        }
        Reading reading = new Reading(csv, labelColumn == null || labelColumn.isBlank() ? null : labelColumn.trim());
        try {
            reading.run();
        } catch (UncheckedIOException e) {
            if (e instanceof UploadStream.SourceReadException) {
                throw e;
            }
            throw unreadable(e.getCause(), text);
        }
        upload.drain();
        return reading.result(upload.sha256(), upload.count());
    }

    private static InvalidDatasetException unreadable(IOException e, TextGuardReader text) {
        if (e instanceof CharacterCodingException) {
            return InvalidDatasetException.invalid("Line " + text.line()
                    + " is not valid UTF-8 text: this looks like a binary file or another encoding"
                    + " (save the file as CSV, UTF-8)").with("line", text.line());
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher at = CSV_LINE.matcher(message);
        long line = at.find() ? Long.parseLong(at.group(1).replace(",", "")) : text.line();
        String reason;
        if (message.contains("EOF reached before encapsulated token finished")) {
            reason = "a quoted field that starts on line " + line + " is never closed";
        } else if (message.contains("Invalid character between encapsulated token and delimiter")) {
            reason = "after a closing quote only a comma or the end of the line may follow"
                    + " (inside a quoted field, write a quote as \"\")";
        } else {
            reason = message;
        }
        return InvalidDatasetException.invalid("Malformed CSV at line " + line + ": " + reason).with("line", line);
    }

    /** The state of one pass over one file. */
    private final class Reading {

        private final CSVParser csv;
        private final String requestedLabel;

        private List<String> header;        // names as in the file, index column included
        private int firstColumn;            // 1 when the first column is an index
        private int labelIndex = -1;        // position in header
        private boolean labelInferred;
        private int[] featureIndexes;       // positions in header
        private final Map<String, Integer> classIndex = new LinkedHashMap<>();

        private double[] features = new double[1024];
        private int[] labels = new int[128];
        private int rows;

        Reading(CSVParser csv, String requestedLabel) {
            this.csv = csv;
            this.requestedLabel = requestedLabel;
        }

        void run() {
            Iterator<CSVRecord> records = csv.iterator();
            if (!records.hasNext()) {
                throw InvalidDatasetException.invalid(
                        "The file is empty: expected a header row naming the columns, then one row per example");
            }
            readHeader(records.next());
            while (records.hasNext()) {
                CSVRecord record = records.next();
                if (rows == maxRows) {
                    throw InvalidDatasetException.oversize("The file has more than " + maxRows
                            + " data rows (backprop.limits.rows)").at(rows + 1, csv.getCurrentLineNumber());
                }
                if (rows == 0 && requestedLabel == null) {
                    inferLabel(record);
                }
                readRow(record);
            }
            if (rows == 0) {
                throw InvalidDatasetException.invalid("The file has a header but no data rows");
            }
            if (classIndex.size() < 2) {
                throw InvalidDatasetException.invalid("The label column '" + header.get(labelIndex)
                        + "' has only one class ('" + classIndex.keySet().iterator().next()
                        + "'); at least two classes are needed to train a classifier"
                        + (labelInferred ? inferenceHint() : ""))
                        .column(header.get(labelIndex), labelIndex + 1);
            }
        }

        private void readHeader(CSVRecord record) {
            List<String> names = record.toList();
            long line = csv.getCurrentLineNumber();
            firstColumn = names.size() > 1 && names.get(0).isEmpty() ? 1 : 0;
            int columns = names.size() - firstColumn;
            if (columns > maxColumns) {
                throw InvalidDatasetException.oversize("The header has " + columns + " columns; at most "
                        + maxColumns + " are allowed (backprop.limits.columns)").with("line", line);
            }
            if (columns < 2) {
                throw InvalidDatasetException.invalid("The header has " + columns + " column"
                        + (columns == 1 ? "" : "s") + ": a dataset needs at least one feature column and a label"
                        + " column, separated by commas").with("line", line);
            }
            Map<String, Integer> seen = new HashMap<>();
            int numeric = 0;
            for (int i = firstColumn; i < names.size(); i++) {
                String name = names.get(i);
                if (name.isEmpty()) {
                    throw InvalidDatasetException.invalid("Column " + (i + 1) + " of the header has no name;"
                            + " every column needs one (only a first, index column may be unnamed)")
                            .with("line", line).with("columnPosition", i + 1);
                }
                if (name.length() > MAX_COLUMN_NAME_LENGTH) {
                    throw InvalidDatasetException.invalid("The name of column " + (i + 1) + " is longer than "
                            + MAX_COLUMN_NAME_LENGTH + " characters").with("line", line).with("columnPosition", i + 1);
                }
                Integer previous = seen.putIfAbsent(name, i);
                if (previous != null) {
                    throw InvalidDatasetException.invalid("Columns " + (previous + 1) + " and " + (i + 1)
                            + " of the header are both named '" + name + "'; column names must be unique")
                            .column(name, i + 1).with("line", line);
                }
                if (NumberText.isDecimal(name)) {
                    numeric++;
                }
            }
            if (numeric * 2 > columns) {
                throw InvalidDatasetException.invalid("The first line (" + String.join(",", names.subList(0,
                        Math.min(names.size(), 6))) + (names.size() > 6 ? ",…" : "")
                        + ") looks like data, not a header: the first row must name the columns").with("line", line);
            }
            header = names;
            if (requestedLabel != null) {
                int index = names.indexOf(requestedLabel);
                if (index < firstColumn) {
                    throw InvalidDatasetException.invalid("labelColumn '" + requestedLabel
                            + "' is not a column of this file; its columns are: "
                            + String.join(", ", names.subList(firstColumn, names.size())))
                            .with("labelColumn", requestedLabel);
                }
                chooseLabel(index, false);
            }
        }

        /** The last column whose first value is text (not a number, not a missing marker), else the last. */
        private void inferLabel(CSVRecord first) {
            int label = header.size() - 1;
            if (first.size() == header.size()) {
                for (int i = header.size() - 1; i >= firstColumn; i--) {
                    String value = first.get(i);
                    if (!NumberText.isDecimal(value) && !NumberText.isNonFinite(value) && !MISSING.contains(value)) {
                        label = i;
                        break;
                    }
                }
            }
            chooseLabel(label, true);
        }

        private void chooseLabel(int index, boolean inferred) {
            labelIndex = index;
            labelInferred = inferred;
            featureIndexes = new int[header.size() - firstColumn - 1];
            int f = 0;
            for (int i = firstColumn; i < header.size(); i++) {
                if (i != index) {
                    featureIndexes[f++] = i;
                }
            }
        }

        private void readRow(CSVRecord record) {
            long row = rows + 1;
            if (record.size() != header.size()) {
                throw InvalidDatasetException.invalid("Row " + row + " (line " + csv.getCurrentLineNumber() + ") has "
                        + record.size() + " value" + (record.size() == 1 ? "" : "s") + " but the header has "
                        + header.size() + " columns").at(row, csv.getCurrentLineNumber());
            }
            int width = featureIndexes.length;
            int base = rows * width;
            if (base + width > features.length) {
                features = Arrays.copyOf(features, grow(features.length, base + width));
            }
            for (int f = 0; f < width; f++) {
                int column = featureIndexes[f];
                features[base + f] = number(record.get(column), row, column);
            }
            if (rows == labels.length) {
                labels = Arrays.copyOf(labels, grow(labels.length, rows + 1));
            }
            labels[rows] = classOf(record.get(labelIndex), row);
            rows++;
        }

        private int classOf(String value, long row) {
            if (value.isEmpty()) {
                throw problemAt(row, labelIndex, "the label is empty; every row needs a class");
            }
            Integer index = classIndex.get(value);
            if (index == null) {
                if (classIndex.size() == MAX_CLASSES) {
                    throw problemAt(row, labelIndex, "the label column has more than " + MAX_CLASSES
                            + " distinct values; a classifier needs a column of class names"
                            + (labelInferred ? inferenceHint() : ""));
                }
                index = classIndex.size();
                classIndex.put(value, index);
            }
            return index;
        }

        private double number(String value, long row, int column) {
            if (NumberText.isDecimal(value)) {
                double number = Double.parseDouble(value);
                if (Double.isFinite(number)) {
                    return number;
                }
                throw problemAt(row, column, "'" + value + "' is too large for a double");
            }
            if (NumberText.isNonFinite(value)) {
                throw problemAt(row, column, "'" + value + "' is not a finite number; NaN and infinite values"
                        + " are not allowed in feature columns");
            }
            if (MISSING.contains(value)) {
                throw problemAt(row, column, (value.isEmpty() ? "the value is missing" : "the value is missing ('"
                        + value + "')") + "; every feature value must be a number (drop or impute missing values)");
            }
            String hint = "";
            if (NumberText.isDecimal(value.replace(',', '.'))) {
                hint = "; use '.' as the decimal separator";
            } else if (labelInferred) {
                hint = inferenceHint();
            }
            throw problemAt(row, column, "'" + shorten(value) + "' is not a number" + hint);
        }

        private String inferenceHint() {
            return " (the label column '" + header.get(labelIndex) + "' was inferred as the last non-numeric"
                    + " column of the first data row, else the last column; set labelColumn to choose another)";
        }

        private InvalidDatasetException problemAt(long row, int column, String what) {
            long line = csv.getCurrentLineNumber();
            String name = header.get(column);
            return InvalidDatasetException.invalid("Row " + row + " (line " + line + "), column '" + name
                    + "' (column " + (column + 1) + "): " + what).at(row, line).column(name, column + 1);
        }

        ParsedCsv result(String sha256, long bytes) {
            List<String> featureNames = new ArrayList<>(featureIndexes.length);
            for (int column : featureIndexes) {
                featureNames.add(header.get(column));
            }
            int size = rows * featureIndexes.length;
            double[] exactFeatures = features.length == size ? features : Arrays.copyOf(features, size);
            features = null;
            return new ParsedCsv(List.copyOf(featureNames), header.get(labelIndex),
                    List.copyOf(classIndex.keySet()), exactFeatures, Arrays.copyOf(labels, rows), sha256, bytes);
        }
    }

    private static int grow(int current, int needed) {
        long next = Math.max((long) needed, current + (current >> 1));
        if (next > Integer.MAX_VALUE - 16) {
            throw InvalidDatasetException.oversize("The dataset has more values than one array can hold");
        }
        return (int) next;
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
