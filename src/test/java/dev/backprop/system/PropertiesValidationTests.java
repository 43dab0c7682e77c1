package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import dev.backprop.BackpropApplication;

/** A nonsensical {@code backprop.*} setting stops the start with a message that names it. */
@ExtendWith(OutputCaptureExtension.class)
class PropertiesValidationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({LimitsProperties.class, RequestBodiesProperties.class, ServingProperties.class})
    static class Properties {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Properties.class);

    @ParameterizedTest
    @CsvSource({
            "backprop.limits.rows=-1, rows",
            "backprop.limits.columns=0, columns",
            "backprop.limits.epochs=-5, epochs",
            "backprop.limits.concurrent-jobs=0, concurrentJobs",
            "backprop.limits.queue-length=-1, queueLength",
            "backprop.limits.prediction-instances=-1, predictionInstances",
            "backprop.request-bodies.streamed-concurrency=0, streamedConcurrency",
            "'backprop.default-model= ', defaultModel"})
    void aLimitOutOfRangeRefusesToStart(String setting, String field) {
        context.withPropertyValues(setting).run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining(field);
        });
    }

    @ParameterizedTest
    @CsvSource({
            "backprop.limits.upload-bytes=-1MB, backprop.limits.upload-bytes must be at least 1B",
            "backprop.request-bodies.buffered-max=0B, backprop.request-bodies.buffered-max must be in",
            "backprop.request-bodies.read-timeout=-3s, backprop.request-bodies.read-timeout must be positive"})
    void aSizeOrDurationOutOfRangeRefusesToStart(String setting, String message) {
        context.withPropertyValues(setting).run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining(message);
        });
    }

    @Test
    void theDefaultsAreValid() {
        context.run(started -> assertThat(started).hasNotFailed());
    }

    /** What an operator sees: Boot's failure report names the property, its value and the rule. */
    @Test
    void theServiceItselfRefusesANegativeLimitWithAClearMessage(CapturedOutput output) {
        SpringApplication application = new SpringApplication(BackpropApplication.class);
        assertThatThrownBy(() -> application.run("--server.port=0", "--backprop.bootstrap-model=false",
                "--backprop.limits.rows=-1")).isNotNull();
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START").contains("backprop.limits.rows")
                .contains("must be greater than 0");
    }
}
