package dev.backprop.system;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What {@code POST /predict} serves and what exists at start-up.
 *
 * @param defaultModel what {@code /predict} serves: a model name (its newest version) or {@code name@alias}
 * @param bootstrapModel at start-up give the built-in {@code iris} model the alias {@code production} when
 *        that alias does not exist yet, training it first if needed (readiness waits for it)
 */
@ConfigurationProperties("backprop")
@Validated
public record ServingProperties(@DefaultValue("iris@production") @NotBlank String defaultModel,
                                @DefaultValue("true") boolean bootstrapModel) {
}
