package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The one vocabulary of training settings: what the API reads, shows and documents. */
class TrainingConfigVocabularyTests {

    @Test
    void propertiesReadBackToTheSameConfig() {
        for (TrainingConfig config : List.of(TrainingConfig.defaults(7), TrainingConfig.caseStudy(9),
                TrainingConfig.defaults(3).forTask(Task.REGRESSION),
                TrainingConfig.defaults(1).toBuilder().earlyStopping(null).hiddenLayers(List.of()).build())) {
            assertThat(TrainingConfig.of(config.toProperties(), TrainingConfig.defaults(0))).isEqualTo(config);
        }
    }

    @Test
    void everyFieldIsDocumentedAndShown() {
        List<String> names = TrainingConfig.fields().stream().map(TrainingConfig.Field::name).toList();
        assertThat(TrainingConfig.defaults(0).toProperties().keySet()).containsExactlyElementsOf(names);
        assertThat(names).contains("task", "hiddenLayers", "activation", "seed", "earlyStopping");
        TrainingConfig.Field activation = TrainingConfig.fields().get(names.indexOf("activation"));
        assertThat(activation.allowed()).containsExactly("sigmoid", "tanh", "relu");
    }

    @Test
    void oneErrorNamesEveryBadFieldUnknownOnesIncluded() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("activaton", "tanh");
        request.put("activation", "softmax");
        request.put("learningRate", -1);
        request.put("epochs", 1.5);
        request.put("hiddenLayers", List.of(8, 0));
        request.put("earlyStopping", Map.of("patience", "ten"));

        TrainingConfig.InvalidConfigException e = catchThrowableOfType(TrainingConfig.InvalidConfigException.class,
                () -> TrainingConfig.of(request, TrainingConfig.defaults(1)));

        assertThat(e.errors()).extracting(TrainingConfig.FieldError::field)
                .containsExactlyInAnyOrder("activaton", "activation", "learningRate", "epochs", "hiddenLayers",
                        "earlyStopping.patience");
        assertThat(e.errors()).filteredOn(f -> f.field().equals("activation")).singleElement()
                .extracting(TrainingConfig.FieldError::detail)
                .isEqualTo("activation must be one of sigmoid, tanh, relu, was 'softmax'");
        assertThat(e.getMessage()).contains("activaton is not a known field (did you mean activation?)")
                .contains("epochs must be a whole number, was 1.5");
    }

    @Test
    void settingsThatFollowOthersFollowUnlessGiven() {
        TrainingConfig regression = TrainingConfig.of(Map.of("task", "regression"), TrainingConfig.defaults(1));
        assertThat(regression.outputActivation()).isEqualTo(Activation.LINEAR);
        assertThat(regression.loss()).isEqualTo(Loss.MSE);

        assertThat(TrainingConfig.of(Map.of("activation", "relu"), TrainingConfig.defaults(1)).weightInit())
                .isEqualTo(WeightInit.HE);
        assertThat(TrainingConfig.of(Map.of("activation", "relu", "weightInit", "xavier"), TrainingConfig.defaults(1))
                .weightInit()).isEqualTo(WeightInit.XAVIER);
        // the case study keeps its uniform weights whatever the activation
        assertThat(TrainingConfig.of(Map.of("activation", "tanh"), TrainingConfig.caseStudy(1)).weightInit())
                .isEqualTo(WeightInit.UNIFORM);

        TrainingConfig.InvalidConfigException e = catchThrowableOfType(TrainingConfig.InvalidConfigException.class,
                () -> TrainingConfig.of(Map.of("task", "regression", "outputActivation", "softmax"),
                        TrainingConfig.defaults(1)));
        assertThat(e.getMessage()).contains("regression").contains("linear");
    }

    @Test
    void earlyStoppingIsAnObjectOfItsOwn() {
        assertThat(TrainingConfig.of(Map.of("earlyStopping", Map.of("enabled", false)), TrainingConfig.defaults(1))
                .earlyStopping()).isNull();
        EarlyStopping patient = TrainingConfig.of(Map.of("earlyStopping", Map.of("patience", 99)),
                TrainingConfig.defaults(1)).earlyStopping();
        assertThat(patient).isEqualTo(new EarlyStopping(99, EarlyStopping.defaults().minDelta(), true));
        // turning it on for the case study starts from the defaults
        assertThat(TrainingConfig.of(Map.of("earlyStopping", Map.of("enabled", true)), TrainingConfig.caseStudy(1))
                .earlyStopping()).isEqualTo(EarlyStopping.defaults());
        TrainingConfig.InvalidConfigException e = catchThrowableOfType(TrainingConfig.InvalidConfigException.class,
                () -> TrainingConfig.of(Map.of("earlyStopping", Map.of("patiense", 3)), TrainingConfig.defaults(1)));
        assertThat(e.getMessage()).contains("earlyStopping.patiense");
    }

    @Test
    void seedsAreExactIntegersBelowTwoToThe53() {
        assertThat(TrainingConfig.of(Map.of("seed", (1L << 53) - 1), TrainingConfig.defaults(1)).seed())
                .isEqualTo((1L << 53) - 1);
        for (Object bad : List.of(-1, 1L << 53, 1.5, "7")) {
            TrainingConfig.InvalidConfigException e = catchThrowableOfType(TrainingConfig.InvalidConfigException.class,
                    () -> TrainingConfig.of(Map.of("seed", bad), TrainingConfig.defaults(1)));
            assertThat(e.getMessage()).as(String.valueOf(bad)).contains("seed must be an integer in [0, 2^53)");
        }
    }
}
