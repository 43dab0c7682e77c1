package dev.backprop.dataset;

import org.springframework.http.HttpStatus;

import dev.backprop.system.ApiException;
import dev.backprop.system.ProblemType;

/**
 * The one exception the CSV parser raises for a file it cannot accept. Rendered as
 * {@code application/problem+json}; the detail names the row and column at fault, which are also
 * extension members ({@code row}, {@code line}, {@code column}) when known.
 *
 * <p>Convention: {@code row} is the 1-based <em>data</em> row (the header is not counted, so in a
 * file written by R's {@code write.csv} it equals the row name in the first column); {@code line}
 * is the 1-based physical line of the file (the header is line 1); {@code column} is the column
 * name as written in the header, with its 1-based position in the file.
 */
public class InvalidDatasetException extends ApiException {

    InvalidDatasetException(HttpStatus status, String detail) {
        super(status == HttpStatus.CONTENT_TOO_LARGE ? ProblemType.PAYLOAD_TOO_LARGE : ProblemType.INVALID_DATASET,
                status, status == HttpStatus.CONTENT_TOO_LARGE ? "Dataset too large" : "Invalid dataset", detail);
    }

    static InvalidDatasetException invalid(String detail) {
        return new InvalidDatasetException(HttpStatus.BAD_REQUEST, detail);
    }

    static InvalidDatasetException oversize(String detail) {
        return new InvalidDatasetException(HttpStatus.CONTENT_TOO_LARGE, detail);
    }

    /** "Row 2 (line 4), column 'b' (column 3): {@code what}", with row, line and column as members. */
    static InvalidDatasetException atCell(long row, long line, String column, int position, String what) {
        return invalid("Row " + row + " (line " + line + "), column '" + column + "' (column " + position + "): " + what)
                .at(row, line).column(column, position);
    }

    @Override
    public InvalidDatasetException with(String property, Object value) {
        super.with(property, value);
        return this;
    }

    InvalidDatasetException at(long row, long line) {
        with("row", row);
        with("line", line);
        return this;
    }

    InvalidDatasetException column(String name, int position) {
        with("column", name);
        with("columnPosition", position);
        return this;
    }
}
