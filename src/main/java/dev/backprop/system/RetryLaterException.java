package dev.backprop.system;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Back-pressure: the client should retry after the given number of seconds — a 429 when it asks too
 * much (a full queue), a 503 when the server is busy with others' work (memory held by other requests).
 */
public class RetryLaterException extends ApiException {

    private final long retryAfterSeconds;

    public RetryLaterException(String detail, long retryAfterSeconds) {
        this(ProblemType.TOO_MANY_REQUESTS, detail, retryAfterSeconds);
    }

    /** @param type a 429 or 503 kind, e.g. {@link ProblemType#QUEUE_FULL} */
    public RetryLaterException(ProblemType type, String detail, long retryAfterSeconds) {
        super(type, type.status(), type.title(), detail);
        this.retryAfterSeconds = retryAfterSeconds;
        getBody().setProperty("retryAfterSeconds", retryAfterSeconds);
    }

    @Override
    public HttpHeaders getHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return headers;
    }
}
