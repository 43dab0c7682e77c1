package dev.backprop.prediction;

import java.util.List;

import dev.backprop.model.TrainedModel;

/** Predictions in the order of the instances sent, and which model made them. */
public record PredictionResponse(TrainedModel.ModelRef model, List<Prediction> predictions) {
}
