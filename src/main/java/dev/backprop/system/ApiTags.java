package dev.backprop.system;

/** The OpenAPI tags that group operations in Swagger UI: put one on each controller with {@code @Tag(name = ...)}. */
public final class ApiTags {

    public static final String DATASETS = "Datasets";
    public static final String TRAINING = "Training";
    public static final String MODELS = "Models";
    public static final String PREDICTIONS = "Predictions";
    public static final String SCORING = "Batch scoring";
    public static final String OPEN_INFERENCE_PROTOCOL = "Open Inference Protocol";
    public static final String KSERVE_V1 = "KServe V1";

    private ApiTags() {
    }
}
