package dev.backprop.system;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A domain failure that the client can act on. Rendered as {@code application/problem+json};
 * the {@code detail} always names what is at fault (field, row, column, limit or id).
 */
public class ApiException extends ErrorResponseException {

    public ApiException(HttpStatus status, String title, String detail) {
        super(status, problem(status, title, detail), null);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://backprop.dev/problems/" + status.value()));
        return problem;
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, what + " not found", what + " '" + id + "' does not exist");
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail);
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Payload too large", detail);
    }

    /** Adds a machine-readable extension member, e.g. {@code instance} index or {@code field}. */
    public ApiException with(String property, Object value) {
        getBody().setProperty(property, value);
        return this;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
