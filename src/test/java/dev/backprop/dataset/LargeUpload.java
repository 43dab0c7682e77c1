package dev.backprop.dataset;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

import dev.backprop.HeapSampler;
import dev.backprop.tabular.MissingMarkers;

/**
 * The largest upload the default limits allow, for the small-heap test and the heap benchmark: a
 * generated CSV just under 50 MB with 999 columns (990 of two-decimal numbers, the costliest cells
 * per byte: eight bytes each once parsed; small integers, text columns with missing cells, a text
 * label), parsed with the default limits, summarised, and written in the stored format, as an
 * upload to a service with a storage directory does. Run as {@code main} in a child JVM so that
 * its {@code -Xmx} is the one under test; prints one line {@code OK …} with the figures.
 */
public final class LargeUpload {

    static final int COLUMNS = 999;
    static final long TARGET_BYTES = 49_500_000;

    private LargeUpload() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path csv = dir.resolve("large.csv");
        if (!Files.exists(csv)) {
            write(csv);
        }
        HeapSampler sampler = HeapSampler.start();
        long started = System.nanoTime();
        ParsedDataset parsed;
        try (InputStream in = Files.newInputStream(csv)) {
            // the defaults of backprop.limits: 50 MB, 1 000 000 rows, 1000 columns, 1000 levels
            parsed = new CsvDatasetParser(50L * 1024 * 1024, 1_000_000, 1000, 1000, MissingMarkers.DEFAULT)
                    .parse(in, null, Map.of());
        }
        double parseSeconds = (System.nanoTime() - started) / 1e9;
        Dataset dataset = new Dataset("large-abcdef", "large", parsed.features(), parsed.label(), parsed.sha256(),
                Instant.now(), false, parsed.rows(), parsed.skippedRows());
        DatasetSummary summary = DatasetSummary.of(dataset);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("large.dataset")))) {
            DatasetCodec.write(dataset, out);
        }
        long peak = sampler.stop();
        System.gc();
        long retained = HeapSampler.used();
        System.out.printf("OK bytes=%d rows=%d columns=%d parse=%.2fs peakHeapMB=%.0f retainedMB=%.0f"
                        + " datasetHeapMB=%.1f storedMB=%.1f summaryFeatures=%d maxHeapMB=%.0f%n",
                Files.size(csv), dataset.rows(), dataset.featureCount() + 1, parseSeconds, peak / 1e6, retained / 1e6,
                dataset.heapBytes() / 1e6, Files.size(dir.resolve("large.dataset")) / 1e6, summary.features().size(),
                Runtime.getRuntime().maxMemory() / 1e6);
    }

    static void write(Path csv) throws IOException {
        SplittableRandom rng = new SplittableRandom(42);
        String[] colours = {"red", "green", "blue", "amber"};
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(csv), StandardCharsets.UTF_8),
                1 << 16)) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < COLUMNS - 1; c++) {
                line.append(c < 990 ? "x" : c < 995 ? "k" : "t").append(c).append(',');
            }
            line.append("label\n");
            out.write(line.toString());
            long written = line.length();
            while (written < TARGET_BYTES) {
                line.setLength(0);
                for (int c = 0; c < COLUMNS - 1; c++) {
                    if (c < 990) {
                        int hundredths = rng.nextInt(10_000);
                        line.append(hundredths / 100).append('.').append((char) ('0' + hundredths / 10 % 10))
                                .append((char) ('0' + hundredths % 10));
                    } else if (c < 995) {
                        line.append(rng.nextInt(10));
                    } else if (rng.nextInt(20) != 0) {
                        line.append(colours[rng.nextInt(colours.length)]);
                    }
                    line.append(',');
                }
                line.append(rng.nextBoolean() ? "yes" : "no").append('\n');
                out.write(line.toString());
                written += line.length();
            }
        }
    }
}
