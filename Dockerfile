# syntax=docker/dockerfile:1
#
# The recsys server in a container: a jlink runtime of just the JDK modules the server needs, the
# CLI jar, a non-root user, the registry mounted read-only, the admin key from a secret file.
#
#   docker build -t recsys .
#   docker compose up            (compose.yaml: three replicas on one registry, and Kafka)
#
# ContainerEntrypointIT (recsys-examples) reads this file and starts the server from the build's
# own jlink image with the ENTRYPOINT, CMD, ENV and HEALTHCHECK below, paths mapped to the host:
# keep them in exec (JSON) form, one line each.

# ---- build: the CLI jar and the jlink runtime (recsys-examples' jlink profile) ----
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# verify with tests skipped runs the pre-integration-test jlink step: target/recsys-runtime
RUN ./mvnw -B -q -DskipTests -Drecsys.skipSparkJob -pl recsys-examples -am verify

# ---- run: no JDK, no build tools, no shell tools beyond the base image's ----
FROM debian:bookworm-slim
RUN groupadd --system --gid 10001 recsys \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin recsys \
 && mkdir -p /registry /state /data/logs \
 && chown 10001:10001 /state /data/logs
COPY --from=build /src/recsys-examples/target/recsys-runtime /opt/recsys/runtime
COPY --from=build /src/recsys-examples/target/recsys.jar /opt/recsys/recsys.jar
# /registry: model versions, mounted read-only. /state: the fleet's shared serving state and
# heartbeats (a volume every replica mounts read-write). The admin key comes from a secret file.
ENV RECSYS_SERVING_STATE_DIR=/state MODEL_ADMIN_API_KEY_FILE=/run/secrets/model_admin_api_key
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["/opt/recsys/runtime/bin/java", "-XX:+UseZGC", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/recsys/recsys.jar"]
CMD ["serve", "--registry", "/registry", "--port", "8080", "--provenance-log", "/data/logs"]
