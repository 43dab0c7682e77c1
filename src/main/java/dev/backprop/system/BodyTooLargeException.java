package dev.backprop.system;

import java.io.IOException;

/** A request body grew past {@code backprop.limits.upload-bytes} while it was read. */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super(message(limit));
    }

    static String message(long limit) {
        return "The request body exceeds the limit of " + limit + " bytes (backprop.limits.upload-bytes)";
    }
}
