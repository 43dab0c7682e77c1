package dev.backprop.prediction.oip;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The JSON objects of the Open Inference Protocol v2 (KServe) REST API, with the field names of
 * its specification ({@code inference_rest.md} of kserve/open-inference-protocol).
 */
final class OipMessages {

    private OipMessages() {
    }

    /** {@code $metadata_server_response} */
    record ServerMetadata(String name, String version, List<String> extensions) {
    }

    /** {@code $live_server_response} */
    record ServerLive(boolean live) {
    }

    /** {@code $ready_server_response} */
    record ServerReady(boolean ready) {
    }

    /** {@code $ready_model_response} */
    record ModelReady(String name, boolean ready) {
    }

    /** {@code $metadata_model_response}; {@code versions} are the model's version numbers as strings. */
    record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
                         List<TensorMetadata> outputs) {
    }

    /** {@code $metadata_tensor}: -1 marks a variable-size dimension. */
    record TensorMetadata(String name, String datatype, List<Long> shape) {
    }

    /** {@code $inference_request}; read by {@link TensorReader}, declared here for the OpenAPI schema. */
    record InferenceRequest(String id, Map<String, Object> parameters, List<RequestInput> inputs,
                            List<RequestOutput> outputs) {
    }

    /** {@code $request_input}: {@code data} flat (row-major) or nested as the shape. */
    record RequestInput(String name, List<Long> shape, String datatype, Map<String, Object> parameters,
                        List<Object> data) {
    }

    /** {@code $request_output} */
    record RequestOutput(String name, Map<String, Object> parameters) {
    }

    /** {@code $inference_response} */
    record InferenceResponse(@JsonProperty("model_name") String modelName,
                             @JsonProperty("model_version") String modelVersion,
                             String id,
                             List<ResponseOutput> outputs) {
    }

    /** {@code $response_output}: data flat, row-major. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ResponseOutput(String name, List<Long> shape, String datatype, Map<String, Object> parameters,
                          Object data) {
    }

    /** KServe's {@code $models_list_response} ({@code GET /v2/models}): the names of the models served. */
    record ModelList(List<String> models) {
    }

    /** Triton's {@code $repository_index_request}; read by hand, declared here for the OpenAPI schema. */
    record RepositoryIndexRequest(Boolean ready) {
    }

    /**
     * One entry of Triton's {@code $repository_index_response} ({@code POST /v2/repository/index},
     * its model-repository extension): one per model version; {@code state} is {@code READY} for
     * every stored model, {@code reason} empty.
     */
    record RepositoryIndexEntry(String name, String version, String state, String reason) {
    }

    /** {@code $inference_error_response} and the other error objects: {@code {"error": "..."}}. */
    record InferenceError(String error) {
    }
}
