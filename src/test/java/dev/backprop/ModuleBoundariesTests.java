package dev.backprop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Data flows one way, upload → dataset → training (uses engine) → model → prediction, and
 * {@code system} is plumbing every module may use but that uses none of them; so is
 * {@code tabular}, the one CSV dialect and number grammar of uploads and predictions.
 */
class ModuleBoundariesTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.backprop");

    @Test
    void systemKnowsNoFeature() {
        noClasses().that().resideInAPackage("dev.backprop.system..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.backprop.dataset..", "dev.backprop.training..",
                        "dev.backprop.model..", "dev.backprop.prediction..", "dev.backprop.engine..")
                .check(classes);
    }

    @Test
    void datasetsKnowNothingDownstream() {
        noClasses().that().resideInAPackage("dev.backprop.dataset..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.backprop.training..", "dev.backprop.model..",
                        "dev.backprop.prediction..")
                .check(classes);
    }

    @Test
    void modelsKnowNeitherTrainingNorPrediction() {
        noClasses().that().resideInAPackage("dev.backprop.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.backprop.training..", "dev.backprop.prediction..",
                        "dev.backprop.dataset..")
                .check(classes);
    }

    @Test
    void trainingDoesNotServe() {
        noClasses().that().resideInAPackage("dev.backprop.training..")
                .should().dependOnClassesThat().resideInAPackage("dev.backprop.prediction..")
                .check(classes);
    }

    /** The shared tabular dialect is used by datasets and predictions alike, so it may know neither. */
    @Test
    void tabularKnowsNoFeature() {
        noClasses().that().resideInAPackage("dev.backprop.tabular..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.backprop.dataset..", "dev.backprop.training..",
                        "dev.backprop.model..", "dev.backprop.prediction..", "dev.backprop.engine..",
                        "dev.backprop.system..")
                .check(classes);
    }

    @Test
    void predictionNeverTrains() {
        noClasses().that().resideInAPackage("dev.backprop.prediction..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.backprop.training..", "dev.backprop.dataset..")
                .check(classes);
    }
}
