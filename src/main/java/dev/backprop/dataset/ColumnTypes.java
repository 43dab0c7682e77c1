package dev.backprop.dataset;

import java.io.StringReader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.backprop.system.ApiException;
import dev.backprop.tabular.CsvCursor;
import dev.backprop.tabular.CsvFormatException;

/**
 * The {@code columnTypes} upload option, e.g. {@code age:numeric,zip:categorical}: items separated
 * by commas, each a column name, a colon and a type. It is read with the CSV dialect, so an item
 * whose name holds a comma is quoted whole ({@code "width, cm:numeric",zip:categorical}); the type
 * follows the last colon, so names may hold colons.
 */
final class ColumnTypes {

    static final int MAX_LENGTH = 100_000;

    private ColumnTypes() {
    }

    /** @throws ApiException 400 for an item that is not {@code name:numeric} or {@code name:categorical} */
    static Map<String, ColumnType> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return Map.of();
        }
        if (spec.length() > MAX_LENGTH) {
            throw invalid("columnTypes is longer than " + MAX_LENGTH + " characters");
        }
        Map<String, ColumnType> types = new LinkedHashMap<>();
        try (CsvCursor items = CsvCursor.of(new StringReader(spec), Integer.MAX_VALUE)) {
            if (!items.next()) {
                return Map.of();
            }
            for (int i = 0; i < items.fieldCount(); i++) {
                String item = items.text(i);
                if (item.isEmpty()) {
                    continue;
                }
                int colon = item.lastIndexOf(':');
                if (colon <= 0) {
                    throw invalid("columnTypes item '" + item + "' is not name:type (e.g. age:numeric,zip:categorical)");
                }
                String name = item.substring(0, colon).strip();
                ColumnType type = type(item.substring(colon + 1).strip(), item);
                if (types.put(name, type) != null) {
                    throw invalid("columnTypes names column '" + name + "' twice");
                }
            }
            if (items.next()) {
                throw invalid("columnTypes must be one line: name:type items separated by commas");
            }
        } catch (CsvFormatException e) {
            throw invalid("columnTypes is not a comma-separated list: " + e.getMessage());
        }
        return Collections.unmodifiableMap(types);
    }

    private static ColumnType type(String word, String item) {
        for (ColumnType type : ColumnType.values()) {
            if (type.id().equals(word.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw invalid("columnTypes item '" + item + "': the type must be numeric or categorical, was '" + word + "'");
    }

    private static ApiException invalid(String detail) {
        return ApiException.badRequest(detail).with("field", "columnTypes");
    }
}
