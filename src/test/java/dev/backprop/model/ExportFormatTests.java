package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.backprop.system.ApiException;

class ExportFormatTests {

    @ParameterizedTest(name = "format={0}, Accept: {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-    | -                                     | JSON",
            "-    | ''                                    | JSON",
            "-    | */*                                   | JSON",
            "-    | text/html, application/xhtml+xml, */*;q=0.8 | JSON",
            "-    | application/json                      | JSON",
            "-    | application/onnx                      | ONNX",
            "-    | application/onnx, */*;q=0.1           | ONNX",
            "-    | application/json, application/onnx    | ONNX",
            "-    | application/onnx;q=0.5, application/json | JSON",
            "-    | application/onnx;q=0                  | JSON",
            "onnx | application/json                      | ONNX",
            "ONNX | -                                     | ONNX",
            "json | application/onnx                      | JSON"})
    void negotiates(String format, String accept, ExportFormat expected) {
        assertThat(ExportFormat.negotiate(format, accept)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"pmml", "''"})
    void rejectsUnknownFormats(String format) {
        assertThatThrownBy(() -> ExportFormat.negotiate(format, null)).isInstanceOf(ApiException.class)
                .hasMessage("format must be 'json' or 'onnx', was '" + format + "'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"not a media type", "application/"})
    void rejectsMalformedAcceptHeaders(String accept) {
        assertThatThrownBy(() -> ExportFormat.negotiate(null, accept)).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("the Accept header is not a list of media types");
    }
}
