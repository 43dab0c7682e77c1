package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import com.jayway.jsonpath.JsonPath;

/** Through a real port and Tomcat's multipart handling: upload the shipped Iris, read it back, delete it. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "backprop.limits.upload-bytes=64KB")
@AutoConfigureTestRestTemplate
class DatasetRoundTripTests {

    @Autowired
    TestRestTemplate http;

    private static HttpEntity<MultiValueMap<String, Object>> multipart(Object file) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("file", file);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return new HttpEntity<>(parts, headers);
    }

    @Test
    void uploadReadBackDelete() {
        ResponseEntity<String> created = http.postForEntity("/api/v1/datasets",
                multipart(new ClassPathResource("datasets/iris.csv")), String.class);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        URI location = created.getHeaders().getLocation();
        assertThat(location).isNotNull();
        String id = JsonPath.read(created.getBody(), "$.id");
        assertThat(location.getPath()).isEqualTo("/api/v1/datasets/" + id);
        assertThat(id).startsWith("iris-");
        assertThat((Integer) JsonPath.read(created.getBody(), "$.rows")).isEqualTo(150);
        assertThat((String) JsonPath.read(created.getBody(), "$.sha256"))
                .isEqualTo("396c921bc9cf625a4ab755540084aa3d0d941c4ffed8681299689b1f502c3ac2");

        ResponseEntity<String> read = http.getForEntity(location, String.class);
        assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((String) JsonPath.read(read.getBody(), "$.name")).isEqualTo("iris");
        assertThat((String) JsonPath.read(read.getBody(), "$.labelColumn")).isEqualTo("Species");
        assertThat((String) JsonPath.read(read.getBody(), "$.classes[1].name")).isEqualTo("versicolor");
        assertThat(http.getForObject("/api/v1/datasets", String.class)).contains("\"id\":\"" + id + "\"");

        ResponseEntity<Void> deleted = http.exchange(location, HttpMethod.DELETE, null, Void.class);
        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        ResponseEntity<String> gone = http.getForEntity(location, String.class);
        assertThat(gone.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(gone.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anOversizeMultipartUploadIs413() {
        byte[] big = ("a,label\n" + "1.0,x\n2.0,y\n".repeat(6000)).getBytes();
        ByteArrayResource file = new ByteArrayResource(big) {
            @Override
            public String getFilename() {
                return "big.csv";
            }
        };
        ResponseEntity<String> response = http.postForEntity("/api/v1/datasets", multipart(file), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).contains("backprop.limits.upload-bytes");
    }
}
