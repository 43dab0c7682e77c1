# Backprop Service container image.
#   docker build -t backprop-service .
#   docker run -p 8080:8080 -v backprop-data:/data backprop-service
# Checked offline (no Docker engine on our machines) by ops/check-packaging.sh.

# ---- build: compile with the Maven wrapper, then split the Boot jar into layers ----
FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace

# dependencies first: this layer is rebuilt only when the pom or the wrapper changes
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -ntp dependency:go-offline

COPY src/main/ src/main/
# maven.test.skip: tests run in CI (.ci/run), not in the image build; skips compiling them too
RUN ./mvnw -B -ntp package -Dmaven.test.skip=true \
    && cp target/backprop-service-*.jar app.jar \
    && java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

# ---- run: a JRE, the four layers (least to most often changed), a non-root user ----
FROM eclipse-temurin:17-jre

# JDK_JAVA_OPTIONS (below) adds the Vector API's module, and a JVM asked for a module it does not have does not
# start: a base image without it fails here, at build time, rather than every container at start-up
RUN java --list-modules | grep -q '^jdk\.incubator\.vector@'

# /app/.javacpp: JavaCPP extracts OpenBLAS's native libraries (from the jar) into the user's home on first use;
# /app itself stays root's, so the cache directory is made writable for the service user
RUN groupadd --system --gid 10001 backprop \
    && useradd --system --uid 10001 --gid backprop --home-dir /app --shell /usr/sbin/nologin backprop \
    && mkdir -p /data /app/.javacpp/cache \
    && chown backprop:backprop /data \
    && chown -R backprop:backprop /app/.javacpp

WORKDIR /app
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./

# models and datasets persist in /data (mount a volume there); unset the variable for memory only.
# JDK_JAVA_OPTIONS sizes the heap from the container's memory limit, keeps the JIT's vectors at 256 bits and
# adds the Vector API's module for the engine's activations (docs/operations.md#jvm-flags); override it whole
# to tune.
# JAVA_TOOL_OPTIONS names the JavaCPP cache explicitly (also when JDK_JAVA_OPTIONS is overridden); without a
# writable cache the engine logs one line and computes with EJML instead of OpenBLAS.
ENV BACKPROP_STORAGE_DIRECTORY=/data \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:MaxVectorSize=32 --add-modules=jdk.incubator.vector" \
    JAVA_TOOL_OPTIONS="-Dorg.bytedeco.javacpp.cachedir=/app/.javacpp/cache"
VOLUME ["/data"]

USER backprop
EXPOSE 8080

# liveness only: readiness may stay DOWN while the built-in model trains, which is not a reason to restart.
# curl ships in the eclipse-temurin Ubuntu images. No --start-period (dockerfilelint 1.8 misreads it):
# 6 retries 10 s apart give start-up a minute before the container counts as unhealthy.
HEALTHCHECK --interval=10s --timeout=3s --retries=6 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/actuator/health/liveness || exit 1

# exec form: java is PID 1 and receives SIGTERM, so Boot's graceful shutdown runs
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
