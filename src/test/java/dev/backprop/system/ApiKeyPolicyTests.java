package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiKeyPolicyTests {

    private final ApiKeyPolicy open = new ApiKeyPolicy(false);
    private final ApiKeyPolicy protectPredictions = new ApiKeyPolicy(true);

    @ParameterizedTest
    @CsvSource({
            "GET, /api/v1/datasets",
            "HEAD, /api/v1/datasets",
            "OPTIONS, /api/v1/datasets",
            "GET, /api/v1/training-jobs/j1/events",
            "POST, /predict",
            "POST, /api/v1/models/m1/predictions",
            "POST, /api/v1/models/{id}/predictions",
            "POST, /v2/models/iris/infer",
            "POST, /v2/models/iris/versions/3/infer",
            "POST, /v1/models/iris:predict",
            "POST, /v1/models/iris@production:predict",
            "POST, /v2/repository/index",
    })
    void readsAndPredictionsStayOpen(String method, String path) {
        assertThat(open.requiresKey(method, path)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "POST, /api/v1/datasets",
            "DELETE, /api/v1/datasets/d1",
            "POST, /api/v1/training-jobs",
            "POST, /api/v1/training-jobs/j1/cancel",
            "DELETE, /api/v1/training-jobs/j1",
            "DELETE, /api/v1/models/m1",
            "POST, /api/v1/models/import",
            "PUT, /api/v1/models/m1",
            "PATCH, /api/v1/models/m1",
            "post, /api/v1/datasets",
            "PROPFIND, /api/v1/datasets",
            // fails closed: near-misses of a prediction path are not predictions
            "POST, /predict/",
            "POST, /predict/../api/v1/datasets",
            "POST, /api/v1/models/m1/predictions/extra",
            "POST, /v2/models/iris/infer/x",
            "POST, /v1/models/iris:explain",
            "POST, /v1/models/iris:predict/x",
            "POST, /v1/models/iris",
            "POST, /v2/repository/index/x",
            // mutating requests outside /api/** are guarded too
            "POST, /v2/repository/models/iris/load",
            "POST, /actuator/shutdown",
    })
    void mutatingRequestsNeedTheKey(String method, String path) {
        assertThat(open.requiresKey(method, path)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "POST, /predict",
            "POST, /api/v1/models/m1/predictions",
            "POST, /v2/models/iris/infer",
            "POST, /v2/models/iris/versions/1/infer",
            "POST, /v1/models/iris:predict",
    })
    void predictionsNeedTheKeyWhenProtected(String method, String path) {
        assertThat(protectPredictions.requiresKey(method, path)).isTrue();
        assertThat(protectPredictions.requiresKey("GET", path)).isFalse();
    }
}
