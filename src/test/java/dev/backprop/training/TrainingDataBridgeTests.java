package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.backprop.dataset.Dataset;
import dev.backprop.dataset.Label;
import dev.backprop.engine.Column;
import dev.backprop.engine.Columns;
import dev.backprop.engine.TrainingData;
import dev.backprop.system.ApiException;

// BRIDGE: replaced when the engine takes columns
class TrainingDataBridgeTests {

    private static final Label LABEL = new Label("y", null,
            Columns.categorical("y", List.of("p", "q"), new int[] {0, 1, 1}), 2);

    private static Dataset dataset(List<Column> features, Label label) {
        return new Dataset("d-abcdef", "d", features, label, "ab".repeat(32), Instant.EPOCH, false, 3, 0);
    }

    @Test
    void numericColumnsWithoutMissingCellsBecomeTheRowMajorMatrix() {
        TrainingData data = TrainingDataBridge.of(dataset(List.of(Columns.numeric("a", new double[] {1, 2, 3}),
                Columns.numeric("b", new double[] {4, 5, 6})), LABEL));
        assertThat(data.features()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(data.labels()).containsExactly(0, 1, 1);
        assertThat(data.featureNames()).containsExactly("a", "b");
        assertThat(data.classNames()).containsExactly("p", "q");
    }

    @Test
    void whatTheEngineCannotTrainYetIsA400NamingTheColumn() {
        Column categorical = Columns.categorical("c", List.of("u", "v"), new int[] {0, 1, 0});
        assertThat(catchThrowableOfType(ApiException.class, () -> TrainingDataBridge.of(dataset(List.of(categorical),
                LABEL))).getMessage()).isEqualTo("Column 'c' is categorical: categorical features are not trained yet");
        Column missing = Columns.numeric("m", new double[] {1, Double.NaN, 3});
        assertThat(catchThrowableOfType(ApiException.class, () -> TrainingDataBridge.of(dataset(List.of(missing),
                LABEL))).getMessage()).isEqualTo("Column 'm' has 1 missing cell: missing values are not trained yet");
        Label regression = new Label("price", new double[] {1.5, 2.5, 3.5}, null, Label.MAX_CLASSES + 1);
        assertThat(catchThrowableOfType(ApiException.class, () -> TrainingDataBridge.of(dataset(
                List.of(Columns.numeric("a", new double[] {1, 2, 3})), regression))).getMessage())
                .contains("regression is not trained yet");
    }
}
