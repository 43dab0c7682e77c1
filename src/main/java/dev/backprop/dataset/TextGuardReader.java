package dev.backprop.dataset;

import java.io.IOException;
import java.io.Reader;

/**
 * Decoded text on its way to the CSV parser: drops a leading byte-order mark and rejects control
 * characters, which never appear in a text CSV but fill every binary file (images, archives,
 * spreadsheets saved as .xlsx). Tabs, CR and LF pass.
 */
final class TextGuardReader extends Reader {

    private final Reader in;
    private boolean started;
    private long line = 1;

    TextGuardReader(Reader in) {
        this.in = in;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n <= 0) {
            return n;
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
            if (c == '\n') {
                line++;
            } else if (c < 0x20 && c != '\t' && c != '\r' || c == 0x7f || c == '\uFFFE' || c == '\uFFFF') {
                throw InvalidDatasetException.invalid(String.format(
                        "Line %d contains the control character U+%04X: this looks like a binary file, not CSV text"
                                + " (save it as CSV, UTF-8)", line, (int) c)).with("line", line);
            }
        }
        return n;
    }

    /** The 1-based line reached so far; used to place decoding errors. */
    long line() {
        return line;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
