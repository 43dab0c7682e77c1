package dev.backprop.prediction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import tools.jackson.core.exc.JacksonIOException;

/**
 * KServe's error object, {@code {"error": "..."}} with the status KServe's servers use (400 bad
 * input, 404 unknown model, 413 too large), for everything {@link KServeV1Controller} throws.
 * Ordered before the application-wide problem-detail advice, which still answers for requests
 * that never reach the controller (an unknown path, a wrong method).
 */
@RestControllerAdvice(assignableTypes = KServeV1Controller.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class KServeV1Errors {

    private static final Logger log = LoggerFactory.getLogger(KServeV1Errors.class);

    record KServeError(String error) {
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<KServeError> illegalArgument(IllegalArgumentException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** The client went away or stopped sending mid-body: its fault, so no error log. */
    @ExceptionHandler(JacksonIOException.class)
    ResponseEntity<KServeError> unreadable(JacksonIOException e) {
        log.debug("Unreadable KServe V1 request body", e);
        return error(HttpStatus.BAD_REQUEST, "the request body could not be read");
    }

    /** The service's own exceptions and Spring's that carry a status keep it and their detail; the rest are 500s. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<KServeError> unexpected(Exception e) {
        if (e instanceof ErrorResponse response) {
            HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
            String detail = response.getBody().getDetail();
            // Retry-After of a busy answer, Allow of a wrong method
            return ResponseEntity.status(status != null ? status : HttpStatus.BAD_REQUEST).headers(response.getHeaders())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new KServeError(detail != null ? detail : "the request cannot be handled"));
        }
        log.error("Unexpected failure in a KServe V1 request", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "the server failed to handle this request; it has been logged");
    }

    private static ResponseEntity<KServeError> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new KServeError(message));
    }
}
