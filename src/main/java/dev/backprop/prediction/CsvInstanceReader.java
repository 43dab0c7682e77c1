package dev.backprop.prediction;

import java.io.InputStream;
import java.io.UncheckedIOException;

import dev.backprop.system.ApiException;
import dev.backprop.system.BodyTooLargeException;
import dev.backprop.tabular.CsvCursor;
import dev.backprop.tabular.CsvFormatException;
import dev.backprop.tabular.MissingMarkers;
import dev.backprop.tabular.NumberText;

/**
 * Tokenizes CSV instances with a header row into {@link InstanceRows}, in the service's one CSV
 * dialect and number grammar (those of uploads). Columns are matched by name, in any order; an
 * unnamed first column (R's row numbers) and the model's label column are ignored, so the training
 * file itself can be sent; a feature column the CSV lacks is missing in every row. Cells follow the
 * upload rules: a missing marker (empty, NA, …) is missing, a numeric column's cell must be a number.
 * Rows are counted from 1 after the header.
 */
final class CsvInstanceReader {

    private CsvInstanceReader() {
    }

    static void read(InputStream body, InstanceRows rows, String labelColumn, MissingMarkers markers) {
        try (CsvCursor csv = CsvCursor.of(body, Math.max(rows.columns() * 4, 64))) {
            if (!csv.next()) {
                throw new InvalidInstanceException("the CSV body is empty; send a header row and one row per instance");
            }
            int fields = csv.fieldCount();
            int[] featureOf = new int[fields];
            for (int c = 0; c < fields; c++) {
                String name = c < Math.max(rows.columns() * 4, 64) ? csv.text(c) : "";
                int j = rows.column(name);
                featureOf[c] = j;
                if (j < 0 && !(name.isEmpty() && c == 0) && !name.equals(labelColumn)) {
                    throw new InvalidInstanceException("CSV column '" + InstanceRows.shorten(name) + "' is not a feature "
                            + "of the model; its features are " + String.join(", ", rows.featureNames()));
                }
            }
            while (csv.next()) {
                rows.begin();
                if (csv.fieldCount() != fields) {
                    throw rows.problem("has " + csv.fieldCount() + " fields, the header " + fields);
                }
                char[] chars = csv.chars();
                for (int c = 0; c < fields; c++) {
                    int j = featureOf[c];
                    if (j < 0) {
                        continue;
                    }
                    int start = csv.start(c);
                    int length = csv.length(c);
                    if (markers.isMissing(chars, start, length)) {
                        rows.missing(j);
                    } else if (rows.categorical(j)) {
                        rows.text(j, csv.text(c));
                    } else {
                        // the text is only made into a String when it is wrong
                        double v = NumberText.parse(chars, start, length);
                        if (!Double.isFinite(v)) {
                            throw rows.problem(j, "'" + InstanceRows.shorten(csv.text(c)) + "' is not "
                                    + (Double.isNaN(v) ? "a number" : "a finite number"));
                        }
                        rows.number(j, v, null);
                    }
                }
                rows.end();
            }
            if (rows.rows() == 0) {
                throw new InvalidInstanceException("the CSV has a header but no rows");
            }
        } catch (CsvFormatException e) {
            throw new InvalidInstanceException("the CSV body is malformed: " + e.getMessage());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BodyTooLargeException tooLarge) {
                throw ApiException.tooLarge(tooLarge.getMessage());
            }
            throw new InvalidInstanceException("the CSV body could not be read: " + e.getMessage());
        }
    }

    /** Where a problem is, in this reader's terms (rows counted from 1 after the header). */
    static final InstanceRows.Place PLACE = (row, column) -> "CSV row " + (row + 1)
            + (column == null ? "" : ", column '" + column + "'");
}
