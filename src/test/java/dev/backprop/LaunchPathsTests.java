package dev.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every way the service is launched gives the JVM the service's flags (docs/operations.md#jvm-flags):
 * it ends on an OutOfMemoryError instead of staying half alive (an OOM once killed Tomcat's poller
 * and the process hung), keeps the JIT's vectors at 256 bits, which the engine's loops run faster
 * with, and adds the Vector API's module, which the engine's activation kernels use. The paths: the container image, {@code ./mvnw spring-boot:run}, the tests' JVMs, the documented
 * {@code java -jar} commands, and the compose files and Kubernetes manifests, which must not replace
 * the image's options without them.
 */
class LaunchPathsTests {

    private static final List<String> FLAGS = List.of("-XX:+ExitOnOutOfMemoryError", "-XX:MaxVectorSize=32",
            "--add-modules=jdk.incubator.vector");

    @Test
    void theContainerImageGivesTheFlags() throws Exception {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        for (String flag : FLAGS) {
            assertThat(dockerfile).containsPattern("JDK_JAVA_OPTIONS=\"[^\"]*" + Pattern.quote(flag));
        }
        // a JVM told to add a module its runtime lacks does not start: the image build checks the base image has it
        assertThat(dockerfile).contains("RUN java --list-modules | grep -q '^jdk\\.incubator\\.vector@'");
    }

    @Test
    void springBootRunAndTheTestsGiveTheFlags() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        for (String flag : FLAGS) {
            assertThat(pom).containsPattern("<jvmArguments>[^<]*" + Pattern.quote(flag));
        }
        // the engine's flags only: a test JVM that runs out of memory should fail its tests, not vanish
        for (String flag : FLAGS.subList(1, FLAGS.size())) {
            assertThat(pom).containsPattern("<argLine>[^<]*" + Pattern.quote(flag));
        }
    }

    @Test
    void composeFilesAndKubernetesManifestsKeepTheImagesJavaOptions() throws Exception {
        List<Path> files;
        try (Stream<Path> top = Files.list(Path.of(".")); Stream<Path> k8s = Files.walk(Path.of("ops", "k8s"))) {
            files = Stream.concat(top.filter(p -> p.getFileName().toString().matches("docker-compose.*\\.ya?ml")),
                    k8s.filter(p -> p.toString().matches(".*\\.ya?ml"))).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.strip().startsWith("#") && (line.contains("JDK_JAVA_OPTIONS") || line.contains("JAVA_TOOL_OPTIONS"))) {
                    // compose: KEY=value or KEY: value on the line; Kubernetes: name on this line, value on the next
                    String setting = line + (i + 1 < lines.size() ? lines.get(i + 1) : "");
                    assertThat(setting).as(file + " line " + (i + 1)).contains(FLAGS);
                }
            }
        }
    }

    /** The README and docs tell people to start the jar; every such command line gives the flags too. */
    @Test
    void everyDocumentedJavaJarCommandGivesTheFlags() throws Exception {
        List<Path> documents;
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            documents = Stream.concat(Stream.of(Path.of("README.md")), docs.filter(p -> p.toString().endsWith(".md")))
                    .toList();
        }
        Pattern launch = Pattern.compile("^\\s*(?:[A-Z_]+=\\S+\\s+)*java\\s.*-jar\\s+target/backprop-service");
        int launches = 0;
        for (Path document : documents) {
            for (String line : Files.readAllLines(document)) {
                if (launch.matcher(line).find()) {
                    launches++;
                    assertThat(line).as(document.toString()).contains(FLAGS);
                }
            }
        }
        assertThat(launches).as("java -jar lines in README.md and docs/").isPositive();
    }
}
