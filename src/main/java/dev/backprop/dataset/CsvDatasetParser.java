package dev.backprop.dataset;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.tabular.CsvCursor;
import dev.backprop.tabular.CsvFormatException;
import dev.backprop.tabular.MissingMarkers;
import dev.backprop.tabular.NumberText;
import dev.backprop.tabular.SafeText;

/**
 * Reads a dataset from CSV in one streaming pass into compact typed columns; the only exception
 * it raises for bad input is {@link InvalidDatasetException}.
 *
 * <p>The text is read in the service's one dialect ({@link CsvCursor}: UTF-8, quotes, BOM, any
 * line end, trimmed values, blank lines skipped), numbers in its one grammar ({@link NumberText}),
 * missing cells by its markers ({@link MissingMarkers}). Then:
 * <ul>
 *   <li>The first record is the header; names must be unique, non-empty and free of control and
 *       bidirectional characters. An empty-named first column is an index (R's {@code write.csv},
 *       pandas' {@code to_csv}) and is dropped, as is a first column the header does not name at all
 *       (R's {@code write.table}: every data row one field longer than the header).</li>
 *   <li>Each column's type is inferred over the whole column ({@link ColumnBuilder}): any text
 *       among its non-missing cells makes it categorical, else it is numeric (a column of few
 *       integers too); {@code columnTypes} overrides that per column. A numeric column must hold
 *       finite numbers: {@code Inf} or {@code 1e400} there, or text in a column forced numeric, is
 *       an error naming row, line and column. A categorical column has at most
 *       {@code backprop.limits.levels} levels.</li>
 *   <li>The label column is {@code labelColumn} if given, else the last categorical column (decided
 *       over the whole column, as DESIGN §3 says, not from the first row: a label of digits with a
 *       few class names later is still found), else the last column. Rows whose label is missing
 *       are skipped and counted.</li>
 * </ul>
 *
 * <p>Memory: cells go straight into their column's compact form (one byte per cell for a column
 * of few distinct values, four or eight for other numbers); the text is never held whole, nor a
 * row-major matrix.
 */
final class CsvDatasetParser {

    static final int MAX_COLUMN_NAME_LENGTH = 500;

    private final long maxBytes;
    private final int maxRows;
    private final int maxColumns;
    private final int maxLevels;
    private final MissingMarkers markers;

    CsvDatasetParser(long maxBytes, int maxRows, int maxColumns, int maxLevels, MissingMarkers markers) {
        this.maxBytes = maxBytes;
        this.maxRows = maxRows;
        this.maxColumns = maxColumns;
        this.maxLevels = maxLevels;
        this.markers = markers;
        new ColumnBuilder("check", 1, null, markers, maxLevels);  // fails at start-up on a bad levels limit
    }

    /**
     * @param labelColumn the label column's header name, or {@code null} to infer it
     * @param columnTypes types asked for by column name (see {@link ColumnTypes})
     * @throws InvalidDatasetException for anything about the content the service cannot accept
     * @throws UploadStream.SourceReadException when reading {@code source} itself fails
     */
    ParsedDataset parse(InputStream source, String labelColumn, Map<String, ColumnType> columnTypes) {
        UploadStream upload = new UploadStream(source, maxBytes);
        // not closed here: the stream belongs to the caller (the servlet's request body, a part's stream)
        // an index column, or a row one field longer than the header, is read; more fields only counted
        CsvCursor csv = CsvCursor.of(upload, (int) Math.min(Integer.MAX_VALUE, maxColumns + 2L));
        Reading reading = new Reading(csv, labelColumn == null || labelColumn.isBlank() ? null : labelColumn.strip(),
                columnTypes);
        try {
            reading.run();
        } catch (CsvFormatException e) {
            throw InvalidDatasetException.invalid(e.getMessage()).with("line", e.line());
        }
        upload.drain();
        return reading.result(upload.sha256(), upload.count());
    }

    /** The state of one pass over one file. */
    private final class Reading {

        private final CsvCursor csv;
        private final String requestedLabel;
        private final Map<String, ColumnType> columnTypes;

        private List<String> header;        // names as in the file, index column included
        private int firstColumn;            // 1 when the first column is an index
        private ColumnBuilder[] columns;    // one per header column from firstColumn on, the label included
        private int labelIndex = -1;        // into columns; -1 until known
        private boolean labelInferred;
        private int shift;                  // 1 when every data row has an unnamed index field first
        private long rowsRead;
        private int skipped;
        private BitSet dropped;

        Reading(CsvCursor csv, String requestedLabel, Map<String, ColumnType> columnTypes) {
            this.csv = csv;
            this.requestedLabel = requestedLabel;
            this.columnTypes = columnTypes;
        }

        void run() {
            if (!csv.next()) {
                throw InvalidDatasetException.invalid(
                        "The file is empty: expected a header row naming the columns, then one row per example");
            }
            readHeader();
            while (csv.next()) {
                readRow();
            }
            if (rowsRead == 0) {
                throw InvalidDatasetException.invalid("The file has a header but no data rows");
            }
            if (labelIndex < 0) {
                inferLabel();
            }
        }

        private void readHeader() {
            long line = csv.line();
            int fields = csv.fieldCount();
            firstColumn = fields > 1 && csv.length(0) == 0 ? 1 : 0;
            int count = fields - firstColumn;
            if (count > maxColumns) {
                throw InvalidDatasetException.oversize("The header has " + count + " columns; at most "
                        + maxColumns + " are allowed (backprop.limits.columns)").with("line", line);
            }
            if (count < 2) {
                throw InvalidDatasetException.invalid("The header has " + count + " column"
                        + (count == 1 ? "" : "s") + ": a dataset needs at least one feature column and a label"
                        + " column, separated by commas").with("line", line);
            }
            List<String> names = new ArrayList<>(fields);
            Map<String, Integer> seen = new HashMap<>();
            int numeric = 0;
            for (int i = 0; i < fields; i++) {
                String name = csv.text(i);
                names.add(name);
                if (i < firstColumn) {
                    continue;
                }
                if (name.isEmpty()) {
                    throw InvalidDatasetException.invalid("Column " + (i + 1) + " of the header has no name;"
                            + " every column needs one (only a first, index column may be unnamed)")
                            .with("line", line).with("columnPosition", i + 1);
                }
                if (name.length() > MAX_COLUMN_NAME_LENGTH) {
                    throw InvalidDatasetException.invalid("The name of column " + (i + 1) + " is longer than "
                            + MAX_COLUMN_NAME_LENGTH + " characters").with("line", line).with("columnPosition", i + 1);
                }
                int bad = SafeText.firstForbidden(name);
                if (bad >= 0) {
                    throw InvalidDatasetException.invalid("The name of column " + (i + 1) + " holds "
                            + SafeText.describe(name.charAt(bad)) + "; column names may not hold line breaks, tabs,"
                            + " control or bidirectional characters").with("line", line).with("columnPosition", i + 1);
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
            if (numeric * 2 > count) {
                throw InvalidDatasetException.invalid("The first line (" + String.join(",", names.subList(0,
                        Math.min(names.size(), 6))) + (names.size() > 6 ? ",…" : "")
                        + ") looks like data, not a header: the first row must name the columns").with("line", line);
            }
            header = names;
            List<String> columnNames = names.subList(firstColumn, names.size());
            for (String typed : columnTypes.keySet()) {
                if (!columnNames.contains(typed)) {
                    throw InvalidDatasetException.invalid("columnTypes names '" + typed + "', which is not a column of"
                            + " this file; its columns are: " + String.join(", ", columnNames))
                            .with("field", "columnTypes");
                }
            }
            columns = new ColumnBuilder[count];
            for (int c = 0; c < count; c++) {
                String name = columnNames.get(c);
                columns[c] = new ColumnBuilder(name, firstColumn + c + 1, columnTypes.get(name), markers, maxLevels);
            }
            if (requestedLabel != null) {
                labelIndex = columnNames.indexOf(requestedLabel);
                if (labelIndex < 0) {
                    throw InvalidDatasetException.invalid("labelColumn '" + requestedLabel
                            + "' is not a column of this file; its columns are: " + String.join(", ", columnNames))
                            .with("labelColumn", requestedLabel);
                }
            }
        }

        private void readRow() {
            long row = rowsRead + 1;
            long line = csv.line();
            if (rowsRead == maxRows) {
                throw InvalidDatasetException.oversize("The file has more than " + maxRows
                        + " data rows (backprop.limits.rows)").at(row, line);
            }
            int fields = csv.fieldCount();
            if (rowsRead == 0 && firstColumn == 0 && fields == header.size() + 1) {
                shift = 1;  // R's write.table: row names in an unnamed first field
            }
            if (fields != header.size() + shift) {
                String expected = shift == 0 ? "the header has " + header.size() + " columns"
                        : "row 1 has " + (header.size() + 1) + " (one more than the header names: read as R's row names)";
                throw InvalidDatasetException.invalid("Row " + row + " (line " + line + ") has " + fields + " value"
                        + (fields == 1 ? "" : "s") + " but " + expected).at(row, line);
            }
            rowsRead++;
            int base = firstColumn + shift;
            char[] chars = csv.chars();
            if (labelIndex >= 0 && markers.isMissing(chars, csv.start(base + labelIndex), csv.length(base + labelIndex))) {
                skipped++;
                return;
            }
            for (int c = 0; c < columns.length; c++) {
                columns[c].add(chars, csv.start(base + c), csv.length(base + c), row, line);
            }
        }

        /** The last categorical column, else the last; then the rows without a label are dropped. */
        private void inferLabel() {
            labelIndex = columns.length - 1;
            for (int c = columns.length - 1; c >= 0; c--) {
                if (columns[c].categorical()) {
                    labelIndex = c;
                    break;
                }
            }
            labelInferred = true;
            ColumnBuilder label = columns[labelIndex];
            dropped = new BitSet(label.size());
            for (int i = 0; i < label.size(); i++) {
                if (label.isMissing(i)) {
                    dropped.set(i);
                }
            }
            skipped = dropped.cardinality();
            if (skipped > 0) {
                for (ColumnBuilder column : columns) {
                    column.drop(dropped);
                }
            }
        }

        ParsedDataset result(String sha256, long bytes) {
            ColumnBuilder labelBuilder = columns[labelIndex];
            String labelName = labelBuilder.name();
            int rows = labelBuilder.size();
            if (rows == 0) {
                throw InvalidDatasetException.invalid("Every row's label is missing: the label column '" + labelName
                        + "' (column " + labelBuilder.position() + ") has no value in any of the " + rowsRead + " rows"
                        + (labelInferred ? inferenceHint(labelName) : ""))
                        .column(labelName, labelBuilder.position());
            }
            double[] values = labelBuilder.labelValues();
            CategoricalColumn classes = labelBuilder.labelClasses(Label.MAX_CLASSES);
            int distinct = labelBuilder.distinct(Label.MAX_CLASSES + 1);
            if (values == null && classes == null) {
                throw InvalidDatasetException.invalid("The label column '" + labelName + "' (column "
                        + labelBuilder.position() + ") has more than " + Label.MAX_CLASSES + " distinct values and"
                        + " not all are numbers: it looks like an identifier, not a label; choose another with"
                        + " labelColumn" + (labelInferred ? inferenceHint(labelName) : ""))
                        .column(labelName, labelBuilder.position());
            }
            if (distinct < 2) {
                String only = classes != null ? classes.levels().get(0) : String.valueOf(values[0]);
                throw InvalidDatasetException.invalid("The label column '" + labelName + "' has only one class ('"
                        + only + "'); at least two classes (or values) are needed to train"
                        + (labelInferred ? inferenceHint(labelName) : ""))
                        .column(labelName, labelBuilder.position());
            }
            List<Column> features = new ArrayList<>(columns.length - 1);
            for (int c = 0; c < columns.length; c++) {
                if (c != labelIndex) {
                    features.add(columns[c].build());
                    columns[c] = null;      // let each builder's arrays go as soon as its column is built
                }
            }
            return new ParsedDataset(List.copyOf(features), new Label(labelName, values, classes, distinct), rows,
                    skipped, sha256, bytes);
        }

        private String inferenceHint(String labelName) {
            return " (the label column '" + labelName + "' was inferred as the last non-numeric column, else the last"
                    + " column; set labelColumn to choose another)";
        }
    }
}
