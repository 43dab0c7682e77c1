package dev.backprop.dataset;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.backprop.system.BodyTooLargeException;

/**
 * The raw upload on its way to the parser: counts bytes against the upload limit, hashes them
 * (SHA-256 of exactly the bytes received, BOM included, so it equals {@code sha256sum file.csv}),
 * and marks read failures of the source so they are not mistaken for CSV syntax errors.
 */
final class UploadStream extends FilterInputStream {

    /** The client's stream failed (connection dropped, truncated body): not a CSV problem. */
    static final class SourceReadException extends UncheckedIOException {
        SourceReadException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final MessageDigest digest;
    private final long maxBytes;
    private long count;

    UploadStream(InputStream source, long maxBytes) {
        super(source);
        this.maxBytes = maxBytes;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (BodyTooLargeException e) {
            // a chunked body counted by the service-wide request limit: the same limit, the same answer
            throw InvalidDatasetException.oversize(e.getMessage());
        } catch (IOException e) {
            throw new SourceReadException(e);
        }
        if (n > 0) {
            count += n;
            if (count > maxBytes) {
                throw InvalidDatasetException.oversize("The upload exceeds the limit of " + maxBytes
                        + " bytes (backprop.limits.upload-bytes)");
            }
            digest.update(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported: every byte must be hashed");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads what the parser left unread so that the hash covers the whole upload. */
    void drain() {
        byte[] buffer = new byte[8192];
        while (read(buffer, 0, buffer.length) >= 0) {
            // hashed and counted by read
        }
    }

    long count() {
        return count;
    }

    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
