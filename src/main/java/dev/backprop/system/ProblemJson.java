package dev.backprop.system;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem where Spring MVC's converters do not reach: servlet filters, the error page and
 * Tomcat's error report valve. The members come out in RFC 9457 order, extensions after them,
 * exactly as the {@code @RestControllerAdvice} renders them.
 */
final class ProblemJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemJson() {
    }

    static ProblemDetail problem(ProblemType type, int status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(org.springframework.http.HttpStatusCode.valueOf(status),
                detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        return problem;
    }

    static ProblemDetail problem(ProblemType type, String detail) {
        return problem(type, type.status().value(), detail);
    }

    /** Sets {@code instance} to the request's path when it is a valid URI reference (it always is once Tomcat has accepted it). */
    static void instance(ProblemDetail problem, String requestUri) {
        try {
            problem.setInstance(new URI(requestUri));
        } catch (URISyntaxException e) {
            // leave instance out rather than echo what is not a URI
        }
    }

    static byte[] bytes(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", String.valueOf(problem.getType()));
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            problem.getProperties().forEach(body::putIfAbsent);
        }
        return JSON.writeValueAsBytes(body);
    }

    /** Sets status, content type and the API's headers, then writes the body; the response must not be committed. */
    static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        byte[] body = bytes(problem);
        response.setContentLength(body.length);
        writeBody(response, problem, body);
    }

    /**
     * The same, sent at once but without a Content-Length, so that the exchange stays open: Tomcat
     * closes the request's input as soon as a response of declared length is complete, and the
     * caller still has a body to read.
     */
    static void writeAndFlush(HttpServletResponse response, ProblemDetail problem) throws IOException {
        writeBody(response, problem, bytes(problem));
        response.flushBuffer();
    }

    private static void writeBody(HttpServletResponse response, ProblemDetail problem, byte[] body) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        ResponseHeaders.api(response);
        response.getOutputStream().write(body);
    }

}
