package dev.backprop.system;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What {@code POST /predict} serves and what exists at start-up.
 *
 * @param defaultModel the model name whose newest version {@code /predict} serves
 * @param bootstrapModel train the built-in {@code iris} model at start-up (readiness waits for it)
 */
@ConfigurationProperties("backprop")
@Validated
public record ServingProperties(@DefaultValue("iris") @NotBlank String defaultModel,
                                @DefaultValue("true") boolean bootstrapModel) {
}
