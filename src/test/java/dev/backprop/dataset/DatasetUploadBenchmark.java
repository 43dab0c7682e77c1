package dev.backprop.dataset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backprop.tabular.MissingMarkers;

/**
 * Figures for docs/datasets.md, printed, never asserted: upload parsing speed side by side with
 * pandas' {@code read_csv} on the same generated file, interleaved round by round, medians; and
 * the smallest heap in which the largest allowed upload is parsed, summarised and stored.
 *
 * <pre>
 * ./mvnw -B -ntp test -Dtest=DatasetUploadBenchmark -Dtest.excludedGroups= \
 *     -Dbenchmark.python=/path/to/python-with-pandas [-Dbenchmark.rounds=7]
 * </pre>
 *
 * Without pandas the peer is Python's csv module with float conversion, and the output says so.
 */
@Tag("benchmark")
class DatasetUploadBenchmark {

    private static final String PANDAS = """
            import sys, time
            import pandas as pd
            f = sys.argv[1]
            pd.read_csv(f)                      # warm: imports, caches
            t = time.perf_counter(); pd.read_csv(f); print(time.perf_counter() - t)
            print("pandas " + pd.__version__)
            """;
    private static final String CSV_MODULE = """
            import sys, time, csv
            def read(f):
                with open(f, newline="") as h:
                    rows = csv.reader(h); next(rows)
                    return [[float(v) if v[:1].isdigit() or v[:1] == "-" else v for v in r] for r in rows]
            f = sys.argv[1]
            read(f)
            t = time.perf_counter(); read(f); print(time.perf_counter() - t)
            print("Python csv module (pandas is not installed)")
            """;

    @Test
    void parseSpeedSideBySideWithPandas(@TempDir Path dir) throws Exception {
        Path mixed = dir.resolve("mixed.csv");
        BenchmarkCsv.write(mixed, 60_000);
        Path full = dir.resolve("full-precision.csv");
        BenchmarkCsv.writeFullPrecision(full, 25_000);
        compare(mixed, 60_000, "60000 rows x 49 columns (40 decimal with 1-5 decimals, 5 integer, 3 text with NA,"
                + " text label)", dir);
        compare(full, 25_000, "25000 rows x 41 columns (40 normal floats at full precision, text label)", dir);
    }

    private static void compare(Path file, int rows, String description, Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        String python = System.getProperty("benchmark.python", "python3");
        boolean pandas = run(List.of(python, "-c", "import pandas")).exit == 0;
        Path script = dir.resolve("peer.py");
        Files.writeString(script, pandas ? PANDAS : CSV_MODULE);
        int rounds = Integer.getInteger("benchmark.rounds", 7);
        for (int warm = 0; warm < 10; warm++) {
            parse(bytes, rows);
        }
        double[] ours = new double[rounds];
        double[] peer = new double[rounds];
        String peerName = "?";
        for (int r = 0; r < rounds; r++) {
            ours[r] = parse(bytes, rows);
            Result result = run(List.of(python, script.toString(), file.toString()));
            if (result.exit != 0) {
                throw new IllegalStateException("the peer failed: " + result.output);
            }
            String[] lines = result.output.strip().split("\n");
            peer[r] = Double.parseDouble(lines[0].strip());
            peerName = lines[1].strip();
            System.out.printf("round %d: backprop %.0f ms, %s %.0f ms%n", r + 1, ours[r] * 1000, peerName, peer[r] * 1000);
        }
        double mb = bytes.length / 1e6;
        System.out.printf("%nfile: %.1f MB, %s%n", mb, description);
        System.out.printf("| parser | median | MB/s |%n|---|---|---|%n");
        System.out.printf("| backprop CsvDatasetParser (FastCSV, SHA-256 included) | %.0f ms | %.0f |%n",
                median(ours) * 1000, mb / median(ours));
        System.out.printf("| %s read_csv | %.0f ms | %.0f |%n", peerName, median(peer) * 1000, mb / median(peer));
        System.out.printf("ratio (peer time / ours): %.2f%n%n", median(peer) / median(ours));
    }

    @Test
    void smallestHeapForTheLargestAllowedUpload(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.println("largest allowed upload (LargeUpload: 49.5 MB, 999 columns, 990 of them two-decimal numbers)");
        for (int mb : new int[] {256, 160, 128, 112, 104, 96}) {
            Result result = run(List.of(java, "-Xmx" + mb + "m", "-XX:+ExitOnOutOfMemoryError", "-cp",
                    System.getProperty("java.class.path"), LargeUpload.class.getName(), dir.toString()));
            String last = result.output.strip().lines().reduce((a, b) -> b).orElse("");
            System.out.printf("-Xmx%dm: %s%n", mb, result.exit == 0 ? last : "FAILED (" + last + ")");
        }
    }

    private static double parse(byte[] bytes, int rows) {
        long started = System.nanoTime();
        ParsedDataset parsed = new CsvDatasetParser(60L << 20, 1_000_000, 1000, 1000, MissingMarkers.DEFAULT)
                .parse(new ByteArrayInputStream(bytes), null, Map.of());
        double seconds = (System.nanoTime() - started) / 1e9;
        if (parsed.rows() != rows) {
            throw new IllegalStateException("parsed " + parsed.rows() + " rows");
        }
        return seconds;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
