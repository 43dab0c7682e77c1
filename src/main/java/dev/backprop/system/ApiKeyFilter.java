package dev.backprop.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires header {@code X-API-Key} on the requests that {@link ApiKeyPolicy} names, answering
 * 401 {@code application/problem+json} otherwise.
 *
 * <p>A plain servlet filter rather than Spring Security: one static shared key checked on a subset
 * of methods needs no authentication manager, sessions, CSRF or login pages, and Spring Security's
 * defaults (secure everything, form login, its own error handling) would each have to be turned
 * off again. Sixty lines are easier to audit than that configuration. Swap it for Spring Security
 * when the service needs users, roles or OAuth2.
 *
 * <p>The key is compared in constant time: both sides are hashed with SHA-256 first, so that
 * neither the content nor the length of the configured key leaks through response timing.
 */
class ApiKeyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final byte[] expectedDigest;
    private final ApiKeyPolicy policy;

    ApiKeyFilter(String apiKey, ApiKeyPolicy policy) {
        this.expectedDigest = sha256(apiKey);
        this.policy = policy;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(ApiKeyPolicy.HEADER);
        boolean valid = presented != null && MessageDigest.isEqual(expectedDigest, sha256(presented));
        if (valid) {
            // a principal for whoever holds the key: Actuator shows health details only to it (when-authorized)
            chain.doFilter(new KeyHolder(request), response);
            return;
        }
        if (!requiresKey(request)) {
            chain.doFilter(request, response);
            return;
        }
        String detail = presented == null
                ? request.getMethod() + " requests need the API key: send it in the X-API-Key header"
                : "The X-API-Key header does not match the configured API key";
        log.debug("Rejected {} {}: {}", request.getMethod(), request.getRequestURI(), detail);
        reject(request, response, detail);
    }

    /**
     * Decided on both the raw and the container-normalised path (which resolves {@code ..},
     * {@code //} and {@code ;params}): a request passes without the key only if both say so.
     */
    private boolean requiresKey(HttpServletRequest request) {
        String method = request.getMethod();
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        String pathInfo = request.getPathInfo();
        String normalised = request.getServletPath() + (pathInfo == null ? "" : pathInfo);
        return policy.requiresKey(method, raw) || policy.requiresKey(method, normalised);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        ProblemDetail problem = ProblemJson.problem(ProblemType.UNAUTHORIZED, detail);
        ProblemJson.instance(problem, request.getRequestURI());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "ApiKey realm=\"backprop\", header=\"" + ApiKeyPolicy.HEADER + "\"");
        ProblemJson.write(response, problem);
    }

    /** The request of a client that presented the right key. */
    private static final class KeyHolder extends HttpServletRequestWrapper {

        private static final Principal PRINCIPAL = () -> "api-key";

        KeyHolder(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Principal getUserPrincipal() {
            return PRINCIPAL;
        }

        @Override
        public String getRemoteUser() {
            return PRINCIPAL.getName();
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
        }
    }
}
