package dev.backprop.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine is plain Java + EJML: testable alone and reusable outside the service. */
class EngineArchitectureTests {

    private final JavaClasses engine = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.backprop.engine");

    @Test
    void engineKnowsNothingOfSpringOrTheRestOfTheService() {
        noClasses().that().resideInAPackage("dev.backprop.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "tools.jackson..",
                        "com.fasterxml..", "jakarta..", "dev.backprop.dataset..", "dev.backprop.training..",
                        "dev.backprop.model..", "dev.backprop.prediction..", "dev.backprop.system..")
                .check(engine);
    }
}
