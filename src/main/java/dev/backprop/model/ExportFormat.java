package dev.backprop.model;

import java.util.List;
import java.util.Locale;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import dev.backprop.model.onnx.OnnxExporter;
import dev.backprop.system.ApiException;

/**
 * The formats a model exports to. Chosen by the {@code format} query parameter when given, else
 * by the {@code Accept} header: ONNX only when the client names {@code application/onnx} with no
 * lower quality than any type JSON satisfies, so that browsers, curl and {@code Accept: *}{@code /*}
 * keep the JSON document. A client that accepts neither gets JSON, which Spring answers with 406.
 */
enum ExportFormat {
    JSON, ONNX;

    static final MediaType ONNX_MEDIA_TYPE = MediaType.parseMediaType(OnnxExporter.MEDIA_TYPE);

    /**
     * The ONNX file's input layout from the {@code inputs} query parameter; absent: null, the
     * model's own (one tensor when every column is numeric, else one input per column).
     */
    static OnnxExporter.InputLayout inputLayout(String inputs) {
        if (inputs == null) {
            return null;
        }
        return switch (inputs.toLowerCase(Locale.ROOT)) {
            case "tensor" -> OnnxExporter.InputLayout.TENSOR;
            case "columns" -> OnnxExporter.InputLayout.COLUMNS;
            default -> throw ApiException.badRequest("inputs must be 'tensor' or 'columns', was '" + inputs + "'");
        };
    }

    static ExportFormat negotiate(String format, String accept) {
        if (format != null) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "json" -> JSON;
                case "onnx" -> ONNX;
                default -> throw ApiException.badRequest("format must be 'json' or 'onnx', was '" + format + "'");
            };
        }
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw ApiException.badRequest("the Accept header is not a list of media types: " + e.getMessage());
        }
        double onnx = 0;
        double json = 0;
        for (MediaType type : accepted) {
            if (type.equalsTypeAndSubtype(ONNX_MEDIA_TYPE)) {
                onnx = Math.max(onnx, type.getQualityValue());
            } else if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                json = Math.max(json, type.getQualityValue());
            }
        }
        // naming application/onnx outright beats a wildcard or JSON of the same quality
        return onnx > 0 && onnx >= json ? ONNX : JSON;
    }
}
