package dev.backprop.prediction.oip;

import org.springframework.http.HttpStatus;

/** A request the protocol answers with {@code {"error": message}} and {@code status}. */
class OipException extends RuntimeException {

    private final HttpStatus status;

    OipException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static OipException badRequest(String message) {
        return new OipException(HttpStatus.BAD_REQUEST, message);
    }

    static OipException tooLarge(String message) {
        return new OipException(HttpStatus.CONTENT_TOO_LARGE, message);
    }

    static OipException notFound(String message) {
        return new OipException(HttpStatus.NOT_FOUND, message);
    }

    HttpStatus status() {
        return status;
    }
}
