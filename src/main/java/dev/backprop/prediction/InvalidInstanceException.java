package dev.backprop.prediction;

import dev.backprop.system.ApiException;
import dev.backprop.system.ProblemType;

/** An instance the model cannot take; the detail names the instance index and the feature. */
public class InvalidInstanceException extends ApiException {

    InvalidInstanceException(String detail) {
        super(ProblemType.INVALID_INSTANCE, detail);
    }

    static InvalidInstanceException at(int instance, String feature, String problem) {
        InvalidInstanceException e = new InvalidInstanceException(
                "instances[" + instance + "]" + (feature == null ? "" : ", feature '" + feature + "'") + ": " + problem);
        e.with("instanceIndex", instance);
        if (feature != null) {
            e.with("feature", feature);
        }
        return e;
    }
}
