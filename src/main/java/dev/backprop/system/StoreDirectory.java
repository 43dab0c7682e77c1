package dev.backprop.system;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kind of stored item as files {@code <root>/<kind>/<id><suffix>}: written atomically (see
 * {@link AtomicFiles}), loaded back at start-up — a file that cannot be read, or whose content
 * names another id, is logged and skipped and left in place — and removed on delete.
 *
 * @param <T> the item type
 */
public final class StoreDirectory<T> {

    private static final Logger log = LoggerFactory.getLogger(StoreDirectory.class);

    /** Reads one item from a file's bytes. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    /**
     * Reads one item from a file's bytes, told how many there are, so that a reader can check each
     * size field against the bytes present before allocating for it.
     */
    @FunctionalInterface
    public interface SizedReader<T> {
        T read(InputStream in, long length) throws IOException;
    }

    /** Writes one item as a file's bytes. */
    @FunctionalInterface
    public interface Writer<T> {
        void write(T item, OutputStream out) throws IOException;
    }

    private final Path directory;
    private final String kind;
    private final String suffix;
    private final Function<T, String> id;
    private final SizedReader<T> reader;
    private final Writer<T> writer;

    /** Creates {@code <root>/<kind>} when missing. */
    public StoreDirectory(Path root, String kind, String suffix, Function<T, String> id, Reader<T> reader,
                          Writer<T> writer) {
        this(root, kind, suffix, id, (SizedReader<T>) (in, length) -> reader.read(in), writer);
    }

    /** As above, for a reader that wants each file's length. */
    public StoreDirectory(Path root, String kind, String suffix, Function<T, String> id, SizedReader<T> reader,
                          Writer<T> writer) {
        this.directory = root.resolve(kind);
        this.kind = kind;
        this.suffix = suffix;
        this.id = id;
        this.reader = reader;
        this.writer = writer;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the " + kind + " directory " + directory, e);
        }
    }

    /** Every readable item; the rest is logged and skipped, so one bad file never stops start-up. */
    public List<T> loadAll() {
        List<T> items = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + suffix)) {
            for (Path file : files) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                    T item = reader.read(in, Files.size(file));
                    if (!file.getFileName().toString().equals(id.apply(item) + suffix)) {
                        throw new IOException("holds '" + id.apply(item) + "', not what its file name says");
                    }
                    items.add(item);
                } catch (IOException | RuntimeException e) {
                    log.warn("Skipping unreadable file {}: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the " + kind + " directory " + directory, e);
        }
        log.info("Loaded {} file(s) from {}", items.size(), directory);
        return items;
    }

    public void write(T item) {
        AtomicFiles.write(file(id.apply(item)), "stored", out -> writer.write(item, out));
    }

    public void delete(String itemId) {
        try {
            Files.deleteIfExists(file(itemId));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the stored file " + file(itemId), e);
        }
    }

    private Path file(String itemId) {
        return directory.resolve(itemId + suffix);
    }
}
