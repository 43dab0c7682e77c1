package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Malformed multipart uploads over a real port (MockMvc does not run Tomcat's multipart parser).
 * Before: 500 with a stack trace in the log, or a 413 that blamed the 50 MB upload limit for
 * too many parts or a long part header. Now: 400 for a body that is not multipart, 413 that names
 * the limit that was hit, no ERROR in the log.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class MultipartErrorsTests {

    private static final String CSV = "a,b,label\n1,2,x\n3,4,y\n";
    private static final String FILE = "Content-Disposition: form-data; name=\"file\"; filename=\"d.csv\"\r\n"
            + "Content-Type: text/csv";

    @LocalServerPort
    int port;

    private static String multipart(String boundary, String... parts) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < parts.length; i += 2) {
            body.append("--").append(boundary).append("\r\n").append(parts[i]).append("\r\n\r\n")
                    .append(parts[i + 1]).append("\r\n");
        }
        return body.append("--").append(boundary).append("--\r\n").toString();
    }

    private RawHttp.Answer upload(String contentType, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new RawHttp(port).exchange(RawHttp.concat(RawHttp.request("POST", "/api/v1/datasets",
                "Content-Type: " + contentType, "Content-Length: " + bytes.length), bytes));
    }

    private static void problem(RawHttp.Answer answer, int status, ProblemType type, String detail) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.body())
                .contains("\"type\":\"" + type.uri() + "\"")
                .contains(detail)
                .doesNotContain("Exception")
                .doesNotContain("52428800");
    }

    @Test
    void noBoundary(CapturedOutput log) throws Exception {
        problem(upload("multipart/form-data", multipart("XyZ", FILE, CSV)), 400, ProblemType.MALFORMED_REQUEST,
                "has no boundary");
        assertThat(log.getAll()).doesNotContain(" ERROR ");
    }

    @Test
    void truncatedBody(CapturedOutput log) throws Exception {
        String whole = multipart("XyZ", FILE, CSV);
        problem(upload("multipart/form-data; boundary=XyZ", whole.substring(0, whole.length() - 12)), 400,
                ProblemType.MALFORMED_REQUEST, "truncated or malformed");
        assertThat(log.getAll()).doesNotContain(" ERROR ");
    }

    @Test
    void hugeBoundary(CapturedOutput log) throws Exception {
        String boundary = "B".repeat(5000);
        problem(upload("multipart/form-data; boundary=" + boundary, multipart(boundary, FILE, CSV)), 400,
                ProblemType.MALFORMED_REQUEST, "boundary of at most 70 characters");
        assertThat(log.getAll()).doesNotContain(" ERROR ");
    }

    @Test
    void nulInTheFileNameNamesThePart(CapturedOutput log) throws Exception {
        RawHttp.Answer answer = upload("multipart/form-data; boundary=XyZ",
                multipart("XyZ", FILE.replace("d.csv", "d\u0000.csv"), CSV));
        problem(answer, 400, ProblemType.MALFORMED_REQUEST, "contains a NUL character");
        assertThat(answer.body()).contains("\"errors\":[{\"field\":\"file\"");
        assertThat(log.getAll()).doesNotContain(" ERROR ");
    }

    @Test
    void endlessPartHeadersNameThePartHeaderLimit(CapturedOutput log) throws Exception {
        String endless = "--XyZ\r\n" + ("X-H: " + "a".repeat(100) + "\r\n").repeat(200);
        problem(upload("multipart/form-data; boundary=XyZ", endless), 413, ProblemType.PAYLOAD_TOO_LARGE,
                "server.tomcat.max-part-header-size");
        assertThat(log.getAll()).doesNotContain(" ERROR ");
    }

    @Test
    void aLongPartHeaderNamesThePartHeaderLimit() throws Exception {
        problem(upload("multipart/form-data; boundary=XyZ", multipart("XyZ", FILE + "\r\nX-Long: " + "a".repeat(2000),
                CSV)), 413, ProblemType.PAYLOAD_TOO_LARGE, "exceed 512 bytes (server.tomcat.max-part-header-size)");
    }

    @Test
    void tooManyPartsNameThePartCountLimit(CapturedOutput log) throws Exception {
        ByteArrayOutputStream parts = new ByteArrayOutputStream();
        String[] fields = new String[2 * 60];
        for (int i = 0; i < 60; i++) {
            fields[2 * i] = "Content-Disposition: form-data; name=\"p" + i + "\"";
            fields[2 * i + 1] = "x";
        }
        parts.writeBytes(multipart("XyZ", fields).getBytes(StandardCharsets.UTF_8));
        problem(upload("multipart/form-data; boundary=XyZ", parts.toString(StandardCharsets.UTF_8)), 413,
                ProblemType.PAYLOAD_TOO_LARGE, "more than 10 parts (server.tomcat.max-part-count)");
        assertThat(log.getAll()).doesNotContain(" ERROR ");
    }

    @Test
    void aWellFormedUploadStillWorks() throws Exception {
        RawHttp.Answer answer = upload("multipart/form-data; boundary=XyZ", multipart("XyZ",
                FILE, CSV, "Content-Disposition: form-data; name=\"name\"", "multipart-ok"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.body()).contains("\"name\":\"multipart-ok\"");
    }
}
