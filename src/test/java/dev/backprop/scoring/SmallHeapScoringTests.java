package dev.backprop.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backprop.EmbeddedPostgresServer;

/**
 * Issue 12's rule for batch scoring: memory is never O(rows). A child JVM that exits on
 * OutOfMemoryError scores 1 000 000 rows × 20 columns ({@link LargeScoring}) into the result
 * tables and streams the result back; its CSV is several times the child's heap, so the test
 * fails if the result (or even its compressed form) were ever held in memory.
 *
 * <p>With PostgreSQL the database lives in another process and the child's heap is the service's
 * alone: 32 MB suffice. The embedded H2 file (the default durable store) runs inside the child and
 * needs more for its own page cache and the pages of 256 KB values it reads and writes whole (48 MB
 * were enough when measured; 64 MB leave a margin); still a heap a quarter of the CSV's size.
 */
class SmallHeapScoringTests {

    private static final int ROWS = 1_000_000;
    private static final Pattern FIGURE = Pattern.compile("(\\w+)=([\\d.]+)");

    @Test
    void aMillionRowsScoreIntoPostgreSqlWithA32MegabyteHeap() throws Exception {
        scoreInAChild("32m", EmbeddedPostgresServer.newDatabase());
    }

    @Test
    void aMillionRowsScoreIntoAnEmbeddedH2FileWithA64MegabyteHeap(@TempDir Path dir) throws Exception {
        scoreInAChild("64m", dir.toString());
    }

    private static void scoreInAChild(String heap, String database) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), LargeScoring.class.getName(), database, Integer.toString(ROWS),
                "20", "32")).redirectErrorStream(true).start();
        // read as it comes, so that a chatty child never blocks on a full pipe
        byte[] output = process.getInputStream().readAllBytes();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        String text = new String(output, StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("the child finished: %s", text).isTrue();
        assertThat(process.exitValue()).as(text).isZero();
        String ok = text.lines().filter(line -> line.startsWith("OK ")).findFirst().orElseThrow(() ->
                new AssertionError("no OK line: " + text));
        System.out.println("small-heap scoring (-Xmx" + heap + "): " + ok);
        java.util.Map<String, Double> figures = new java.util.HashMap<>();
        for (Matcher m = FIGURE.matcher(ok); m.find(); ) {
            figures.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        assertThat(figures.get("lines")).isEqualTo(ROWS + 1.0);
        double heapBytes = figures.get("maxHeapMB") * 1e6;
        assertThat(figures.get("csvBytes")).as("the CSV is larger than the heap").isGreaterThan(1.5 * heapBytes);
        assertThat(figures.get("storedBytes")).as("even compressed").isGreaterThan(heapBytes);
    }
}
