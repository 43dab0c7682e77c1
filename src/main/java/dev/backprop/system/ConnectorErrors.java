package dev.backprop.system;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem for an error that Tomcat (or the servlet container's error page mechanism) answers
 * before any controller runs: a malformed request line, an encoded {@code /} or NUL in the path,
 * invalid UTF-8, oversize headers, a bad Host, a broken Content-Length or chunk header, TRACE, an
 * unknown transfer coding. Tomcat's own message is not passed on: it may quote Java or parser
 * internals, and what a client needs is which rule its request broke.
 */
final class ConnectorErrors {

    private ConnectorErrors() {
    }

    static ProblemDetail problem(int status, String method) {
        ProblemType type = ProblemType.forStatus(status);
        return ProblemJson.problem(type, status, detail(status, method));
    }

    static String detail(int status, String method) {
        return switch (status) {
            case 400 -> "The request is not valid HTTP or its URL is not accepted: the path must not contain an "
                    + "encoded '/', '\\' or NUL and must be valid UTF-8, headers must fit in "
                    + "server.max-http-request-header-size, and Host, Content-Length and chunked encoding must be "
                    + "well-formed";
            case 404 -> "Nothing here; the API is described at /v3/api-docs";
            case 405 -> (method == null ? "This method" : method) + " is not allowed here";
            case 408 -> "The request did not arrive in time";
            case 411 -> "A Content-Length header is required";
            case 413 -> "The request is too large";
            case 414 -> "The request URL is too long (server.max-http-request-header-size)";
            case 431 -> "The request headers are too large (server.max-http-request-header-size)";
            case 501 -> "The request uses a method or transfer coding the server does not implement: send the body "
                    + "as is, with Content-Length or Transfer-Encoding: chunked";
            case 505 -> "Only HTTP/1.1 and HTTP/1.0 are supported";
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                yield status >= 500 ? "The server failed to handle this request; the failure has been logged."
                        : known != null ? known.getReasonPhrase() : "The request cannot be handled";
            }
        };
    }
}
