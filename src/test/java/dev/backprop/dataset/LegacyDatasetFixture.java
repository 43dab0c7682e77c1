package dev.backprop.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Dataset files as the previous version wrote them, for upgrade tests in other packages. */
public final class LegacyDatasetFixture {

    private LegacyDatasetFixture() {
    }

    /** A two-row, two-feature dataset file (format version 1). */
    public static void writeVersion1(String id, OutputStream out) throws IOException {
        out.write(DatasetCodecTests.legacyV1(id, List.of("a", "b"), List.of("x", "y"), new double[] {1, 2, 3, 4},
                new int[] {0, 1}));
    }
}
