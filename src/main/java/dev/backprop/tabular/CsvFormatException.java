package dev.backprop.tabular;

/**
 * Text that is not CSV of the service's dialect (binary data, another encoding, a quote that is
 * never closed, characters after a closing quote). The message is a whole sentence for the client
 * and names the line; modules turn it into their own 400 answer.
 */
public class CsvFormatException extends RuntimeException {

    private final long line;

    CsvFormatException(String message, long line) {
        super(message);
        this.line = line;
    }

    /** The 1-based physical line of the text at fault (the header is line 1). */
    public long line() {
        return line;
    }
}
