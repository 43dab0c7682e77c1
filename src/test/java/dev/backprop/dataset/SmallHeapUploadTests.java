package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: "a 50 MB / 999-column upload OOMs at once" with {@code -Xmx256m}. The largest upload
 * the default limits allow ({@link LargeUpload}) is parsed, summarised and stored in a child JVM
 * with a 256 MB heap that exits on OutOfMemoryError; it must succeed. Asserts the outcome, not a
 * time: the figures it prints go to the benchmark notes.
 */
class SmallHeapUploadTests {

    @Test
    void theLargestAllowedUploadFitsA256MegabyteHeap(@TempDir Path dir) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder child = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), LargeUpload.class.getName(), dir.toString()))
                .redirectErrorStream(true);
        Process process = child.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("the child finished: %s", output).isTrue();
        System.out.println("small-heap upload: " + output.strip());
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("OK bytes=").contains("columns=999");
    }
}
