package dev.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every way the service is launched ends the JVM on an OutOfMemoryError instead of leaving it
 * half alive (an OOM once killed Tomcat's poller and the process hung): the container image,
 * {@code ./mvnw spring-boot:run}, and compose, which must not replace the image's options.
 */
class LaunchPathsTests {

    private static final String FLAG = "-XX:+ExitOnOutOfMemoryError";

    @Test
    void theContainerImageExitsOnOutOfMemory() throws Exception {
        assertThat(Files.readString(Path.of("Dockerfile")))
                .containsPattern("JDK_JAVA_OPTIONS=\"[^\"]*" + Pattern.quote(FLAG));
    }

    @Test
    void springBootRunExitsOnOutOfMemory() throws Exception {
        assertThat(Files.readString(Path.of("pom.xml"))).containsPattern("<jvmArguments>[^<]*" + Pattern.quote(FLAG));
    }

    @Test
    void composeKeepsTheImagesJavaOptions() throws Exception {
        String compose = Files.readString(Path.of("docker-compose.yml"));
        if (compose.contains("JDK_JAVA_OPTIONS") || compose.contains("JAVA_TOOL_OPTIONS")) {
            assertThat(compose).contains(FLAG);
        }
    }
}
