package dev.backprop.system;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which requests need the API key once {@code backprop.security.api-key} is set.
 *
 * <p>The rule fails closed: every request with a non-safe method (anything but GET, HEAD, OPTIONS,
 * TRACE) needs the key, wherever it points, except the prediction endpoints while
 * {@code backprop.security.protect-predictions} is false. A new mutating endpoint is therefore
 * protected without anyone remembering to list it; only a prediction endpoint must be named here.
 * The same rule drives the filter ({@link ApiKeyFilter}) and the OpenAPI document.
 */
final class ApiKeyPolicy {

    static final String HEADER = "X-API-Key";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private static final List<PathPattern> PREDICTION_ENDPOINTS = List.of(
            "/api/v1/models/{id}/predictions",
            "/predict",
            "/v2/models/{name}/infer",
            "/v2/models/{name}/versions/{version}/infer",
            "/v1/models/{name}:predict",
            // a read that Triton's protocol makes a POST; it lists what GET /v2/models lists openly
            "/v2/repository/index").stream()
            .map(PathPatternParser.defaultInstance::parse)
            .toList();

    private final boolean protectPredictions;

    ApiKeyPolicy(boolean protectPredictions) {
        this.protectPredictions = protectPredictions;
    }

    /** @param path the path within the application, e.g. {@code /api/v1/datasets} */
    boolean requiresKey(String method, String path) {
        if (SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            return false;
        }
        return protectPredictions || !isPrediction(path);
    }

    static boolean isPrediction(String path) {
        PathContainer container = PathContainer.parsePath(path);
        return PREDICTION_ENDPOINTS.stream().anyMatch(pattern -> pattern.matches(container));
    }
}
