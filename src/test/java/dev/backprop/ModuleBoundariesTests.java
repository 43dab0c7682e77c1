package dev.backprop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.backprop.training.JobRun;
import dev.backprop.training.JobService;
import dev.backprop.training.JobState;
import dev.backprop.training.JobStatus;
import dev.backprop.training.JobWork;

/**
 * Data flows one way, upload → dataset → training (uses engine) → model → prediction, and
 * {@code system} is plumbing every module may use but that uses none of them; so is
 * {@code tabular}, the one CSV dialect and number grammar of uploads and predictions.
 *
 * <p>{@code scoring} (batch scoring of stored datasets) sits beside {@code prediction} at the end
 * of the flow: it reads datasets and models and runs as a job on the training queue, which it
 * reaches only through the queue's public seam ({@link JobService}, {@link JobWork}); nothing
 * depends on it, so training never learns that scoring exists.
 */
class ModuleBoundariesTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.backprop");

    @Test
    void systemKnowsNoFeature() {
        noClasses().that().resideInAPackage("dev.backprop.system..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.backprop.dataset..", "dev.backprop.training..",
                        "dev.backprop.model..", "dev.backprop.prediction..", "dev.backprop.scoring..",
                        "dev.backprop.engine..")
                .check(classes);
    }

    @Test
    void datasetsKnowNothingDownstream() {
        noClasses().that().resideInAPackage("dev.backprop.dataset..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.backprop.training..", "dev.backprop.model..",
                        "dev.backprop.prediction..", "dev.backprop.scoring..")
                .check(classes);
    }

    @Test
    void modelsKnowNeitherTrainingNorPrediction() {
        noClasses().that().resideInAPackage("dev.backprop.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.backprop.training..", "dev.backprop.prediction..",
                        "dev.backprop.dataset..", "dev.backprop.scoring..")
                .check(classes);
    }

    /** Training runs other kinds of job through {@link JobWork} without knowing them. */
    @Test
    void trainingDoesNotServe() {
        noClasses().that().resideInAPackage("dev.backprop.training..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.backprop.prediction..", "dev.backprop.scoring..")
                .check(classes);
    }

    /** The end of the flow: no other module builds on batch scoring. */
    @Test
    void nothingDependsOnScoring() {
        noClasses().that().resideOutsideOfPackage("dev.backprop.scoring..")
                .should().dependOnClassesThat().resideInAPackage("dev.backprop.scoring..")
                .check(classes);
    }

    /**
     * Scoring uses the training queue through its public seam only — submit, find, cancel, follow
     * ({@link JobService}), run ({@link JobWork}, {@link JobRun}) — never the store, the runner or
     * the training jobs themselves; and it serves without the prediction module's request readers.
     */
    @Test
    void scoringUsesTheQueueThroughItsSeamOnly() {
        noClasses().that().resideInAPackage("dev.backprop.scoring..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.backprop.training..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(JobService.class, JobState.class,
                                JobStatus.class, JobWork.class, JobRun.class))))
                .orShould().dependOnClassesThat().resideInAPackage("dev.backprop.prediction..")
                .check(classes);
    }

    /** The shared tabular dialect is used by datasets and predictions alike, so it may know neither. */
    @Test
    void tabularKnowsNoFeature() {
        noClasses().that().resideInAPackage("dev.backprop.tabular..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.backprop.dataset..", "dev.backprop.training..",
                        "dev.backprop.model..", "dev.backprop.prediction..", "dev.backprop.scoring..",
                        "dev.backprop.engine..", "dev.backprop.system..")
                .check(classes);
    }

    @Test
    void predictionNeverTrains() {
        noClasses().that().resideInAPackage("dev.backprop.prediction..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.backprop.training..", "dev.backprop.dataset..")
                .check(classes);
    }
}
