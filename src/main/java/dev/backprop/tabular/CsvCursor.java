package dev.backprop.tabular;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;

/**
 * Reads CSV of the service's one dialect record by record, without holding the text: UTF-8 (a BOM
 * is dropped; malformed bytes are an error), LF, CRLF or CR line ends, fields quoted with
 * {@code "} (embedded commas, quotes doubled, line breaks), spaces and tabs around a value, around
 * its quotes and inside them trimmed, blank (or whitespace-only) lines skipped, no comment lines.
 * A line holding one empty field ({@code ""} alone) counts as blank too, so a one-column file
 * cannot express a missing cell by an empty line: it takes a marker such as {@code NA}.
 * Each record's fields are copied into one buffer that {@link #chars()}, {@link #start} and
 * {@link #length} expose without allocating, or as strings with {@link #text}.
 *
 * <p>Tokenizing is FastCSV's (its relaxed parser, for the spaces around quotes); this class owns
 * the rules around it and the wording of every error, a {@link CsvFormatException} that names the
 * line. Failures of the underlying stream (an {@link UncheckedIOException} or any other runtime
 * exception it throws) pass through unchanged, so that callers can tell "the client's connection
 * broke" from "the CSV is malformed". Not thread-safe.
 */
public final class CsvCursor implements Closeable {

    /** The longest field accepted, in characters; beyond it a quote has almost surely not been closed. */
    public static final int MAX_FIELD_CHARS = 1 << 20;

    private final CsvText text;
    private final Fields fields;
    private final CsvReader<Fields> reader;
    private final Iterator<Fields> records;
    private boolean ended;

    private CsvCursor(Reader source, int maxFields) {
        if (maxFields < 1) {
            throw new IllegalArgumentException("maxFields must be >= 1, was " + maxFields);
        }
        this.text = new CsvText(source);
        this.fields = new Fields(maxFields);
        this.reader = CsvReader.builder()
                .fieldSeparator(',')
                .quoteCharacter('"')
                .skipEmptyLines(true)
                .allowExtraFields(true)         // the caller compares each record with its header and says so
                .allowMissingFields(true)
                .trimWhitespacesAroundQuotes(true)
                .maxBufferSize(MAX_FIELD_CHARS)
                .build(fields, text);
        this.records = reader.iterator();
    }

    /**
     * CSV from bytes that must be UTF-8.
     *
     * @param maxFields fields kept per record; a longer record still reports its full
     *                  {@link #fieldCount()}, so callers can refuse it without the memory
     */
    public static CsvCursor of(InputStream utf8, int maxFields) {
        return new CsvCursor(new InputStreamReader(utf8, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), maxFields);
    }

    /** CSV from decoded text (a request body already read as a string, a test). */
    public static CsvCursor of(Reader text, int maxFields) {
        return new CsvCursor(text, maxFields);
    }

    /**
     * Moves to the next record that is not blank.
     *
     * @return false at the end of the text
     * @throws CsvFormatException for text that is not CSV of this dialect
     */
    public boolean next() {
        while (!ended) {
            Fields record = fetch();
            if (record == null || record.isEndMarker()) {
                ended = true;
                return false;
            }
            if (record.unclosedQuote) {
                throw new CsvFormatException("Malformed CSV at line " + record.line + ": a quoted field that starts on line "
                        + record.line + " is never closed", record.line);
            }
            if (record.count == 1 && record.lengths[0] == 0) {
                continue;   // a line of spaces, or "" alone: as blank as an empty line
            }
            return true;
        }
        return false;
    }

    private Fields fetch() {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (CsvParseException e) {
            // FastCSV wraps whatever went wrong below it; keep the stream's own failures as they were
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof CsvParseException syntax) {
                throw malformed(syntax);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw malformed(e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new CsvFormatException("Line " + text.line() + " is not valid UTF-8 text: this looks like a binary"
                        + " file or another encoding (save the file as CSV, UTF-8)", text.line());
            }
            throw e;
        }
    }

    private CsvFormatException malformed(CsvParseException e) {
        long line = fields.line;
        String message = e.getMessage() == null ? "" : e.getMessage();
        String reason;
        if (message.startsWith("Unexpected character after closing quote")) {
            reason = "after a closing quote only a comma or the end of the line may follow"
                    + " (inside a quoted field, write a quote as \"\")";
        } else if (message.contains("maximum buffer size")) {
            reason = "a field is longer than " + MAX_FIELD_CHARS + " characters; is a quote never closed?";
        } else {
            reason = message;
        }
        return new CsvFormatException("Malformed CSV at line " + line + ": " + reason, line);
    }

    /** Fields in the current record, also those beyond {@code maxFields} that were not kept. */
    public int fieldCount() {
        return fields.count;
    }

    /** The 1-based line on which the current record starts (the header is line 1). */
    public long line() {
        return fields.line;
    }

    /** The buffer holding the current record's trimmed fields; valid until the next {@link #next()}. */
    public char[] chars() {
        return fields.chars;
    }

    /** Where field {@code i} starts in {@link #chars()}. */
    public int start(int i) {
        return fields.starts[checked(i)];
    }

    /** The length of field {@code i}, trimmed. */
    public int length(int i) {
        return fields.lengths[checked(i)];
    }

    /** Field {@code i} as a string (trimmed). */
    public String text(int i) {
        return new String(fields.chars, start(i), length(i));
    }

    private int checked(int i) {
        if (i < 0 || i >= fields.kept) {
            throw new IndexOutOfBoundsException("field " + i + " of a record with " + fields.count + " fields ("
                    + fields.kept + " kept)");
        }
        return i;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects one record's fields; FastCSV calls it, {@link CsvCursor} reads it. */
    private static final class Fields extends AbstractBaseCsvCallbackHandler<Fields> {

        private final int maxFields;
        private char[] chars = new char[4096];
        private int[] starts = new int[64];
        private int[] lengths = new int[64];
        private int used;
        private int count;
        private int kept;
        private long line;
        private boolean unclosedQuote;
        private boolean endMarkerCandidate;

        Fields(int maxFields) {
            this.maxFields = maxFields;
        }

        @Override
        protected void handleBegin(long startingLineNumber) {
            line = startingLineNumber;
            used = 0;
            count = 0;
            unclosedQuote = false;
        }

        @Override
        protected void handleField(int index, char[] buf, int offset, int len, boolean quoted) {
            int from = offset;
            int to = offset + len;
            if (quoted && len > 0 && buf[to - 1] == CsvText.END) {
                unclosedQuote = true;       // the quoted field ran into the end marker
            }
            endMarkerCandidate = index == 0 && !quoted && len == 1 && buf[offset] == CsvText.END;
            while (from < to && (buf[from] == ' ' || buf[from] == '\t')) {
                from++;
            }
            while (to > from && (buf[to - 1] == ' ' || buf[to - 1] == '\t')) {
                to--;
            }
            if (count < maxFields) {
                int n = to - from;
                if (count == starts.length) {
                    int grown = (int) Math.min((long) maxFields, count * 2L);
                    starts = Arrays.copyOf(starts, grown);
                    lengths = Arrays.copyOf(lengths, grown);
                }
                if (used + n > chars.length) {
                    chars = Arrays.copyOf(chars, Math.max(used + n, chars.length * 2));
                }
                System.arraycopy(buf, from, chars, used, n);
                starts[count] = used;
                lengths[count] = n;
                used += n;
            }
            count++;
        }

        boolean isEndMarker() {
            return count == 1 && endMarkerCandidate;
        }

        @Override
        protected Fields buildRecord() {
            kept = Math.min(count, maxFields);
            return this;
        }
    }
}
