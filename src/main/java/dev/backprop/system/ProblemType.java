package dev.backprop.system;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The kinds of problem the API reports, each with a stable {@code type} URI under {@link #BASE}
 * (RFC 9457). Clients branch on {@code type}; {@code title} is its human name and {@code detail}
 * says what went wrong in this request. docs/api-errors.md lists them with examples: a new kind
 * goes here and there, nowhere else.
 */
public enum ProblemType {

    /** A parameter or field is wrong; {@code errors} names each one. */
    INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request"),
    /** The request is not valid HTTP, JSON or multipart: it could not even be read. */
    MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "Malformed request"),
    /** A training config with bad fields; {@code errors} names every one of them. */
    INVALID_CONFIG("invalid-config", HttpStatus.BAD_REQUEST, "Invalid training config"),
    /** A CSV upload the service cannot use; {@code row}, {@code line}, {@code column} say where. */
    INVALID_DATASET("invalid-dataset", HttpStatus.BAD_REQUEST, "Invalid dataset"),
    /** A prediction instance the model cannot take; {@code instanceIndex} and {@code feature} say which. */
    INVALID_INSTANCE("invalid-instance", HttpStatus.BAD_REQUEST, "Invalid instance"),
    /** An exported model document that cannot be imported. */
    INVALID_MODEL_DOCUMENT("invalid-model-document", HttpStatus.BAD_REQUEST, "Invalid model document"),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    /** The request body did not arrive in time ({@code backprop.request-bodies.*}). */
    REQUEST_TIMEOUT("request-timeout", HttpStatus.REQUEST_TIMEOUT, "Request body too slow"),
    /** The request conflicts with the current state: a full store, a finished job, the built-in dataset. */
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
    /** A body, upload, part count or part header over its limit; {@code detail} names the limit's property. */
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    URI_TOO_LONG("uri-too-long", HttpStatus.URI_TOO_LONG, "URI too long"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    /** The job queue (training and scoring jobs) is full; retry after {@code Retry-After} seconds. */
    QUEUE_FULL("queue-full", HttpStatus.TOO_MANY_REQUESTS, "Job queue full"),
    TOO_MANY_REQUESTS("too-many-requests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    HEADERS_TOO_LARGE("headers-too-large", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request headers too large"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    NOT_IMPLEMENTED("not-implemented", HttpStatus.NOT_IMPLEMENTED, "Not implemented"),
    /** {@code backprop.default-model} names no model (yet). */
    NO_DEFAULT_MODEL("no-default-model", HttpStatus.SERVICE_UNAVAILABLE, "No default model"),
    /** The store's disk is full: nothing was changed. */
    STORAGE_FULL("storage-full", HttpStatus.INSUFFICIENT_STORAGE, "Storage full"),
    /** The store is read-only for now: nothing was changed; retry after {@code Retry-After} seconds. */
    STORE_NOT_WRITABLE("store-not-writable", HttpStatus.SERVICE_UNAVAILABLE, "Store not writable"),
    /** The database cannot be reached: nothing was changed; retry after {@code Retry-After} seconds. */
    DATABASE_UNAVAILABLE("database-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable"),
    /** The server cannot take this request now; retry after {@code Retry-After} seconds. */
    SERVICE_UNAVAILABLE("service-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
    HTTP_VERSION_NOT_SUPPORTED("http-version-not-supported", HttpStatus.HTTP_VERSION_NOT_SUPPORTED,
            "HTTP version not supported");

    /** Every problem type URI starts with this. */
    public static final String BASE = "https://backprop.dev/problems/";

    private final URI uri;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.uri = URI.create(BASE + slug);
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return uri;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /**
     * The generic kind for a status that carries no more specific one: what Spring and Tomcat
     * answer on their own (a 400 there means the request could not be read at all).
     */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 408 -> REQUEST_TIMEOUT;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> TOO_MANY_REQUESTS;
            case 431 -> HEADERS_TOO_LARGE;
            case 501 -> NOT_IMPLEMENTED;
            case 503 -> SERVICE_UNAVAILABLE;
            case 505 -> HTTP_VERSION_NOT_SUPPORTED;
            default -> status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
        };
    }
}
