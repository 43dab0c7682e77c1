package dev.backprop.engine;

/**
 * What a successful run produces.
 *
 * @param test null when the config held out no rows (testFraction 0)
 * @param epochsRun epochs actually trained (fewer than configured after early stopping)
 * @param bestEpoch the epoch whose weights the model holds
 */
public record TrainingResult(NetworkModel model, EvaluationMetrics train, EvaluationMetrics test,
                             TrainingHistory history, int epochsRun, int bestEpoch, boolean stoppedEarly) {
}
