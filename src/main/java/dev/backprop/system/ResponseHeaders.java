package dev.backprop.system;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The headers every answer carries, set before anything else runs so that streamed answers and
 * early rejections have them too:
 * <ul>
 * <li>{@code X-Content-Type-Options: nosniff} everywhere: a browser never second-guesses a type;</li>
 * <li>{@code X-Frame-Options: DENY} and CSP {@code frame-ancestors 'none'}: no page of the service
 * can be framed (click-jacking);</li>
 * <li>API answers: {@code Cache-Control: no-store} (models, datasets and predictions are not for
 * shared caches) and a CSP that allows nothing, since JSON is never a document;</li>
 * <li>the dashboard: a CSP that allows only its own files and API ({@link #DASHBOARD_POLICY}).</li>
 * </ul>
 * Swagger UI gets the frame protection only: its bundle is not ours to vet for inline code.
 */
class ResponseHeaders extends OncePerRequestFilter {

    /**
     * The dashboard loads app.js and app.css from the service, draws with SVG and sets styles
     * through the CSSOM; {@code data:} images cover its empty favicon. No inline script, no eval,
     * no other origin.
     */
    static final String DASHBOARD_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private static final Set<String> STATIC_SUFFIXES = Set.of(".html", ".js", ".css", ".png", ".svg", ".ico",
            ".map", ".woff", ".woff2", ".txt");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/swagger-ui") || path.startsWith("/webjars/")) {
            common(response);
        } else if (isDashboard(path)) {
            common(response);
            response.setHeader("Content-Security-Policy", DASHBOARD_POLICY);
        } else {
            api(response);
        }
        chain.doFilter(request, response);
    }

    /** A file of the dashboard (src/main/resources/static), as opposed to an API path. */
    static boolean isDashboard(String path) {
        if (path.isEmpty() || "/".equals(path)) {
            return true;
        }
        if (path.startsWith("/api/") || path.startsWith("/v1/") || path.startsWith("/v2/")
                || path.startsWith("/actuator") || path.startsWith("/v3/")) {
            return false;
        }
        int dot = path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') && STATIC_SUFFIXES.contains(path.substring(dot));
    }

    static void common(HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
    }

    /** For answers of the API, including problems written outside Spring MVC. */
    static void api(HttpServletResponse response) {
        common(response);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("Content-Security-Policy", API_POLICY);
    }
}
