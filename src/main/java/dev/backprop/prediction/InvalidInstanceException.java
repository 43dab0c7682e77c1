package dev.backprop.prediction;

import org.springframework.http.HttpStatus;

import dev.backprop.system.ApiException;

/** An instance the model cannot take; the detail names the instance index and the feature. */
class InvalidInstanceException extends ApiException {

    InvalidInstanceException(String detail) {
        super(HttpStatus.BAD_REQUEST, "Invalid instance", detail);
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
