package dev.backprop.tabular;

import java.io.IOException;
import java.io.Reader;

/**
 * Decoded text on its way to the CSV tokenizer. It drops a leading byte-order mark, refuses
 * control characters (they never appear in a text CSV but fill every binary file: images,
 * archives, spreadsheets saved as .xlsx; tab, CR and LF pass), counts lines for error messages,
 * and after the last character adds an end marker, a line holding only NUL.
 *
 * <p>Why the marker: the tokenizer ends a quoted field silently at the end of the input, so a
 * quote that is never closed would swallow the rest of the file unnoticed. NUL cannot occur in
 * accepted text, so the marker either arrives as a record of its own (the input ended cleanly) or
 * inside a quoted field (that quote was never closed), and {@link CsvCursor} tells which.
 */
final class CsvText extends Reader {

    static final char END = '\u0000';
    private static final char[] END_LINE = {'\n', END};

    private final Reader in;
    private boolean started;
    private int markerSent = -1;      // -1 until the input ends, then how much of END_LINE went out
    private char previous;            // the last character of the previous chunk
    private long line = 1;

    CsvText(Reader in) {
        this.in = in;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (markerSent >= 0) {
            return sendMarker(buffer, offset, length);
        }
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            markerSent = 0;
            return sendMarker(buffer, offset, length);
        }
        if (n == 0) {
            return 0;
        }
        if (!started) {
            started = true;
            if (buffer[offset] == '\uFEFF') {
                if (n == 1) {
                    return read(buffer, offset, length);
                }
                System.arraycopy(buffer, offset + 1, buffer, offset, n - 1);
                n--;
            }
        }
        for (int i = offset; i < offset + n; i++) {
            char c = buffer[i];
            // one unsigned comparison for the printable ASCII that fills a CSV; the rest below
            if ((char) (c - 0x20) >= 0x5f) {
                check(c, i > offset ? buffer[i - 1] : previous);
            }
        }
        previous = buffer[offset + n - 1];
        return n;
    }

    /** Control characters, line ends and non-ASCII: counts lines, refuses what no text file holds. */
    private void check(char c, char before) {
        if (c < 0x20) {
            if (c == '\n') {
                if (before != '\r') {
                    line++;     // CRLF counts once, at its CR
                }
            } else if (c == '\r') {
                line++;
            } else if (c != '\t') {
                throw controlCharacter(c);
            }
            return;
        }
        if (c == 0x7f || c >= '\uFFFE') {
            throw controlCharacter(c);
        }
    }

    private int sendMarker(char[] buffer, int offset, int length) {
        int n = Math.min(length, END_LINE.length - markerSent);
        if (n == 0) {
            return -1;
        }
        System.arraycopy(END_LINE, markerSent, buffer, offset, n);
        markerSent += n;
        return n;
    }

    private CsvFormatException controlCharacter(char c) {
        return new CsvFormatException(String.format("Line %d contains the control character U+%04X: this looks like"
                + " a binary file, not CSV text (save it as CSV, UTF-8)", line, (int) c), line);
    }

    /** The 1-based line reached so far. */
    long line() {
        return line;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
