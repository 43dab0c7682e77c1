package dev.backprop.prediction.oip;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.backprop.prediction.oip.OipMessages.InferenceError;

/**
 * The protocol's error object, {@code {"error": "..."}}, for everything {@link OipController}
 * throws. Ordered before the application-wide problem-detail advice, which still answers for
 * requests that never reach the controller (an unknown path, a wrong method or media type).
 */
@RestControllerAdvice(assignableTypes = OipController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OipErrors {

    private static final Logger log = LoggerFactory.getLogger(OipErrors.class);

    @ExceptionHandler(OipException.class)
    ResponseEntity<InferenceError> oip(OipException e) {
        return error(e.status(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<InferenceError> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "the request body is missing or is not valid JSON");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<InferenceError> illegalArgument(IllegalArgumentException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** Spring's own and the service's exceptions that carry a status keep it; anything else is a 500. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<InferenceError> unexpected(Exception e) {
        if (e instanceof ErrorResponse response) {
            return fromErrorResponse(response);
        }
        log.error("Unexpected failure in an Open Inference Protocol request", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "the server failed to handle this request; it has been logged");
    }

    private static ResponseEntity<InferenceError> fromErrorResponse(ErrorResponse response) {
        String detail = response.getBody().getDetail();
        HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
        // Retry-After of a busy answer, Allow of a wrong method
        return ResponseEntity.status(status != null ? status : HttpStatus.BAD_REQUEST).headers(response.getHeaders())
                .contentType(MediaType.APPLICATION_JSON)
                .body(new InferenceError(detail != null ? detail : "the request cannot be handled"));
    }

    private static ResponseEntity<InferenceError> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new InferenceError(message));
    }
}
