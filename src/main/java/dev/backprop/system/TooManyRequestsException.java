package dev.backprop.system;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** Back-pressure: the client should retry after the given number of seconds. */
public class TooManyRequestsException extends ApiException {

    private final long retryAfterSeconds;

    public TooManyRequestsException(String detail, long retryAfterSeconds) {
        this(ProblemType.TOO_MANY_REQUESTS, detail, retryAfterSeconds);
    }

    /** @param type a 429 kind, e.g. {@link ProblemType#QUEUE_FULL} */
    public TooManyRequestsException(ProblemType type, String detail, long retryAfterSeconds) {
        super(type, HttpStatus.TOO_MANY_REQUESTS, type.title(), detail);
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
