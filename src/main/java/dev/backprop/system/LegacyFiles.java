package dev.backprop.system;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files an earlier version of the service kept under {@code backprop.storage.directory}
 * ({@code models/<id>.json}, {@code datasets/<id>.dataset}), carried into the database once: each
 * file that imports is moved to {@code legacy-imported/}, so it is never imported twice; one that
 * does not is named in the log and left where it is; the temporary files of writes that a crash
 * interrupted ({@code *.tmp}) are deleted.
 */
public final class LegacyFiles {

    private static final Logger log = LoggerFactory.getLogger(LegacyFiles.class);

    private LegacyFiles() {
    }

    /** Reads one file's content ({@code length} bytes) into the store. */
    @FunctionalInterface
    public interface Importer {
        void importFrom(InputStream in, long length) throws IOException;
    }

    /**
     * Imports every {@code *suffix} file of {@code root/kind}.
     *
     * @return how many files were imported
     */
    public static int importAll(Path root, String kind, String suffix, Importer importer) {
        Path directory = root.resolve(kind);
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int imported = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                    log.info("Deleted {}, left by a write that did not finish", file);
                } else if (name.endsWith(suffix) && Files.isRegularFile(file)) {
                    if (importOne(root, kind, file, importer)) {
                        imported++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + directory, e);
        }
        if (imported > 0) {
            log.info("Imported {} {} from {} into the database (the files are now in {})", imported, kind, directory,
                    root.resolve("legacy-imported").resolve(kind));
        }
        return imported;
    }

    private static boolean importOne(Path root, String kind, Path file, Importer importer) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            importer.importFrom(in, Files.size(file));
        } catch (IOException | RuntimeException e) {
            log.warn("Skipped {}: {} (left in place)", file, e.getMessage());
            return false;
        }
        Path done = root.resolve("legacy-imported").resolve(kind);
        Files.createDirectories(done);
        Files.move(file, done.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return true;
    }
}
