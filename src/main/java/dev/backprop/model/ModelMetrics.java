package dev.backprop.model;

import dev.backprop.engine.EvaluationMetrics;

/** Metrics on the training rows and on the held-out test rows ({@code test} is null without a hold-out). */
public record ModelMetrics(EvaluationMetrics train, EvaluationMetrics test) {
}
