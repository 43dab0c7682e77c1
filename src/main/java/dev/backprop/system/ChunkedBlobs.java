package dev.backprop.system;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Large values (an encoded dataset, a model document) as rows of a chunk table
 * {@code (<owner>, seq, data)}: written and read a chunk at a time, so that neither the service
 * nor the database driver ever holds one huge value (or its hex text) whole, on H2 and on
 * PostgreSQL alike. The SHA-256 and length of the content are returned on write and checked on
 * read: a value changed or cut short in the database is reported, never half-used.
 */
public final class ChunkedBlobs {

    /** Under half a G1 region even on a small heap (1 MB regions): chunks are never humongous objects. */
    static final int CHUNK_BYTES = 256 * 1024;

    private final JdbcClient jdbc;
    private final String table;
    private final String ownerColumn;
    private final boolean gzip;

    /** @param gzip whether the chunks hold the content gzip-compressed (text documents compress 3–5×) */
    public ChunkedBlobs(JdbcClient jdbc, String table, String ownerColumn, boolean gzip) {
        this.jdbc = jdbc;
        this.table = table;
        this.ownerColumn = ownerColumn;
        this.gzip = gzip;
    }

    /** Length and SHA-256 (hex) of a value's content (before compression). */
    public record Content(long bytes, String sha256) {
    }

    /** Something that writes a value's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Stores the content {@code writer} produces for {@code owner}; runs in the caller's transaction. */
    public Content write(String owner, Writer writer) {
        MessageDigest digest = sha256();
        ChunkOutput chunks = new ChunkOutput(owner);
        CountingOutput counted;
        try {
            OutputStream sink = gzip ? new GZIPOutputStream(chunks, 64 * 1024) : chunks;
            counted = new CountingOutput(new DigestOutputStream(sink, digest));
            writer.writeTo(counted);
            counted.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Content(counted.count, HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * The content stored for {@code owner}, checked against {@code expected} as it is read: a
     * mismatch or a short value fails the read with a {@link CorruptValueException}.
     */
    public InputStream read(String owner, Content expected) {
        InputStream raw = new ChunkInput(owner);
        try {
            return new VerifyingInput(gzip ? new GZIPInputStream(raw, 64 * 1024) : raw, expected, owner);
        } catch (IOException e) {
            throw new CorruptValueException(table + " of '" + owner + "' is not readable: " + e.getMessage());
        }
    }

    /** A stored value whose bytes do not match its checksum or length. */
    public static final class CorruptValueException extends RuntimeException {
        public CorruptValueException(String message) {
            super(message);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Buffers one chunk and inserts it when full (and the last, partial one on close). */
    private final class ChunkOutput extends OutputStream {
        private final String owner;
        private final byte[] buffer = new byte[CHUNK_BYTES];
        private int filled;
        private int seq;

        ChunkOutput(String owner) {
            this.owner = owner;
        }

        @Override
        public void write(int b) {
            if (filled == buffer.length) {
                flushChunk();
            }
            buffer[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (filled == buffer.length) {
                    flushChunk();
                }
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void flushChunk() {
            jdbc.sql("insert into " + table + " (" + ownerColumn + ", seq, data) values (?, ?, ?)")
                    .params(owner, seq++, Arrays.copyOf(buffer, filled)).update();
            filled = 0;
        }

        @Override
        public void close() {
            if (filled > 0 || seq == 0) {
                flushChunk();
            }
        }
    }

    /** Fetches one chunk per query, in order. */
    private final class ChunkInput extends InputStream {
        private final String owner;
        private byte[] chunk = new byte[0];
        private int pos;
        private int seq;
        private boolean done;

        ChunkInput(String owner) {
            this.owner = owner;
        }

        private boolean fill() {
            while (!done && pos == chunk.length) {
                Optional<byte[]> next = jdbc.sql("select data from " + table + " where " + ownerColumn
                        + " = ? and seq = ?").params(owner, seq++).query(byte[].class).optional();
                if (next.isEmpty()) {
                    done = true;
                } else {
                    chunk = next.get();
                    pos = 0;
                }
            }
            return pos < chunk.length;
        }

        @Override
        public int read() {
            return fill() ? chunk[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private static final class CountingOutput extends java.io.FilterOutputStream {
        long count;

        CountingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Hashes and counts the content as it passes and compares both at the end (and refuses to run past it). */
    private static final class VerifyingInput extends FilterInputStream {
        private final MessageDigest digest = sha256();
        private final Content expected;
        private final String owner;
        private long count;
        private boolean verified;

        VerifyingInput(InputStream in, Content expected, String owner) {
            super(in);
            this.expected = expected;
            this.owner = owner;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                throw new CorruptValueException("the stored value of '" + owner + "' is not readable: " + e.getMessage());
            }
            if (n > 0) {
                count += n;
                if (count > expected.bytes()) {
                    throw new CorruptValueException("the stored value of '" + owner + "' is longer than its recorded "
                            + expected.bytes() + " bytes");
                }
                digest.update(b, off, n);
            } else if (n < 0 && !verified) {
                verified = true;
                String sha = HexFormat.of().formatHex(digest.digest());
                if (count != expected.bytes() || !sha.equals(expected.sha256())) {
                    throw new CorruptValueException("the stored value of '" + owner + "' does not match its checksum"
                            + " (" + count + " of " + expected.bytes() + " bytes read)");
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("skip is not supported: every byte is checked");
        }

        /** Reads what the consumer left (a parser stops at the end of its value) so that the check runs. */
        @Override
        public void close() throws IOException {
            byte[] rest = new byte[8192];
            while (!verified && read(rest, 0, rest.length) >= 0) {
                // hashed by read
            }
            super.close();
        }
    }
}
