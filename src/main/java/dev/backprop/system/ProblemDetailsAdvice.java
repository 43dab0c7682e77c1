package dev.backprop.system;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;

import org.apache.coyote.BadRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.core.JacksonException;

/**
 * Turns every failure into {@code application/problem+json} with a {@link ProblemType}. Client
 * mistakes become 4xx with a detail that names the culprit and are logged at DEBUG at most; anything
 * unexpected becomes a 500 whose body reveals nothing of the implementation (no exception class, no
 * stack trace) while the log keeps the whole story at ERROR.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    private final LimitsProperties limits;

    ProblemDetailsAdvice(LimitsProperties limits) {
        this.limits = limits;
    }

    /** Engine and config records reject bad values with a message that names the field. */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Object> illegalArgument(IllegalArgumentException ex, WebRequest request) {
        return problem(ex, ProblemType.INVALID_REQUEST, ex.getMessage(), new HttpHeaders(), request);
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<Object> bodyTooLarge(BodyTooLargeException ex, WebRequest request) {
        return problem(ex, ProblemType.PAYLOAD_TOO_LARGE, ex.getMessage(), new HttpHeaders(), request);
    }

    /** Multipart bodies Tomcat could not parse: no boundary, truncated, a NUL in a file name, … */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> multipart(MultipartException ex, WebRequest request) {
        return multipartProblem(ex, new HttpHeaders(), request);
    }

    /** A full, read-only or unreachable store is the operator's to fix: said plainly, and logged without alarm. */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Object> storage(DataAccessException ex, WebRequest request) {
        java.util.Optional<StorageFailures.StorageProblem> problem = StorageFailures.classify(ex);
        if (problem.isEmpty()) {
            return unexpected(ex, request);
        }
        StorageFailures.StorageProblem p = problem.get();
        log.warn("{} on {}: {}", p.title(), request.getDescription(false), ex.getMostSpecificCause().getMessage());
        HttpHeaders headers = new HttpHeaders();
        if (p.retryAfterSeconds() > 0) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(p.retryAfterSeconds()));
        }
        return problem(ex, p.type(), p.detail(), headers, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        if (causedBy(ex, BadRequestException.class)) {
            // Tomcat's framing checks on the body (a bad chunk header, a length that lies): the client's fault
            log.debug("Malformed request body on {}: {}", request.getDescription(false), ex.toString());
            return problem(ex, ProblemType.MALFORMED_REQUEST, "The request body is not valid HTTP: its chunked "
                    + "encoding or declared length is broken", new HttpHeaders(), request);
        }
        if (causedBy(ex, EOFException.class) || causedBy(ex, SocketTimeoutException.class)) {
            log.debug("Request body ended early on {}: {}", request.getDescription(false), ex.toString());
            return problem(ex, ProblemType.MALFORMED_REQUEST, "The request body ended before it was complete "
                    + "(the client disconnected or stopped sending)", new HttpHeaders(), request);
        }
        log.error("Unexpected failure on {}", request.getDescription(false), ex);
        return problem(ex, ProblemType.INTERNAL_ERROR,
                "The server failed to handle this request; the failure has been logged.", new HttpHeaders(), request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            problems.add(FieldProblem.inBody(error.getField(), error.getField() + ": " + error.getDefaultMessage()
                    + (error.getRejectedValue() == null ? "" : " (was " + error.getRejectedValue() + ")")));
        }
        if (problems.isEmpty()) {
            String detail = ex.getBindingResult().getAllErrors().stream()
                    .map(e -> e.getDefaultMessage()).collect(Collectors.joining("; "));
            return problem(ex, ProblemType.INVALID_REQUEST, detail, headers, request);
        }
        return invalid(ex, ProblemType.INVALID_REQUEST, problems, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        return invalid(ex, ProblemType.INVALID_REQUEST, List.of(FieldProblem.parameter(name, name + " must be "
                + JsonErrors.expected(ex.getRequiredType()) + ", was '" + ex.getValue() + "'")), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalid(ex, ProblemType.INVALID_REQUEST, List.of(FieldProblem.parameter(ex.getParameterName(),
                "query parameter '" + ex.getParameterName() + "' is required")), headers, request);
    }

    /** Jackson's own message names Java types; {@link JsonErrors} keeps the field, the rule and the value. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (causedBy(ex, BodyTooLargeException.class)) {
            return problem(ex, ProblemType.PAYLOAD_TOO_LARGE, cause(ex, BodyTooLargeException.class).getMessage(),
                    headers, request);
        }
        if (causedBy(ex, BadRequestException.class) || causedBy(ex, EOFException.class)
                || causedBy(ex, SocketTimeoutException.class)) {
            return unexpected(ex, request);
        }
        if (ex.getCause() instanceof JacksonException jackson) {
            FieldProblem problem = JsonErrors.problem(jackson);
            return problem.field() == null
                    ? problem(ex, ProblemType.MALFORMED_REQUEST, problem.detail(), headers, request)
                    : invalid(ex, ProblemType.INVALID_REQUEST, List.of(problem), headers, request);
        }
        return problem(ex, ProblemType.MALFORMED_REQUEST, "The request body is missing or unreadable; send a "
                + "JSON document", headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return multipartProblem(ex, headers, request);
    }

    private ResponseEntity<Object> multipartProblem(MultipartException ex, HttpHeaders headers, WebRequest request) {
        MultipartErrors.Described described = MultipartErrors.describe(ex, limits.uploadBytes().toBytes());
        log.debug("Rejected multipart body on {}: {}", request.getDescription(false), ex.toString());
        if (described.field() != null) {
            return invalid(ex, described.type(), List.of(FieldProblem.parameter(described.field(), described.detail())),
                    headers, request);
        }
        return problem(ex, described.type(), described.detail(), headers, request);
    }

    /**
     * Every problem this advice answers passes here: a {@code type} for the ones Spring builds
     * (they come with {@code about:blank}), and no second answer on a committed response.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            HttpServletResponse response = servlet.getResponse();
            if (response != null && response.isCommitted()) {
                log.debug("Response already committed; not answering {} on {}", ex.toString(),
                        request.getDescription(false));
                return null;
            }
        }
        ResponseEntity<Object> entity = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (entity != null && entity.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || URI.create("about:blank").equals(problem.getType()))) {
            problem.setType(ProblemType.forStatus(statusCode.value()).uri());
        }
        return entity;
    }

    private ResponseEntity<Object> problem(Exception ex, ProblemType type, String detail, HttpHeaders headers,
            WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(type.status(), detail);
        body.setTitle(type.title());
        body.setType(type.uri());
        return handleExceptionInternal(ex, body, headers, type.status(), request);
    }

    private ResponseEntity<Object> invalid(Exception ex, ProblemType type, List<FieldProblem> problems,
            HttpHeaders headers, WebRequest request) {
        ApiException invalid = ApiException.invalid(type, problems);
        return handleExceptionInternal(ex, invalid.getBody(), headers, HttpStatus.BAD_REQUEST, request);
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        return cause(ex, type) != null;
    }

    private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
