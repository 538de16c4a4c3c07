package io.recsys.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.testing.Fixtures;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import io.recsys.provenance.testing.SealedFixtures;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that made the server answer 500 or nothing at all, each now answered properly: an
 * {@code Error} from a handler, a null strategy option, a malformed {@code meta.json} in the
 * registry; and 422 answers that carried the server's absolute paths.
 */
class ErrorAnswersIT {
    @TempDir
    Path temp;

    private final HttpClient client = Loopback.client();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * Attack: a request whose scoring raised an {@code Error} (the {@code InternalError} of a mapped
     * file truncated under the server, an {@code OutOfMemoryError}) got no answer: the JDK server
     * dropped the connection. Now a 500 JSON answer, and the server keeps serving.
     */
    @Test
    void anErrorFromAHandlerIsA500Answer() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        Path dir = Fixtures.writePopularity(Files.createTempDirectory(temp, "failing"), 1000, 40, 1000);
        SealedFixtures.publish(registry, temp, dir, FailingModelLoader.MODEL_NAME, "data-1");
        try (RecsysServer server = Loopback.start(ServerOptions.builder(registry.root()).build(), Map.of())) {
            for (long user : new long[] {FailingModelLoader.INTERNAL_ERROR_USER, FailingModelLoader.OUT_OF_MEMORY_USER}) {
                RawHttp.Answer a = RawHttp.exchange(server.port(), "GET /recommend/" + user
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", Duration.ofSeconds(20));
                assertThat(a.status()).as(a.toString()).isEqualTo(500);
                assertThat(a.body()).contains("\"error\":\"internal_error\"").doesNotContain("InternalError", "heap");
            }
            assertThat(Loopback.get(client, server, "/recommend/7").statusCode()).isEqualTo(200);
        }
    }

    /**
     * Attack: {@code {"params":{"x":null}}} to {@code /rollout/update} was a 500 (a null reached the
     * rollout's map); one malformed {@code meta.json} made {@code /admin/models} and {@code /switch}
     * answer 500; a 422 named the registry's absolute paths.
     */
    @Test
    void badInputAndABadVersionAreNamedNot500() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        SealedFixtures.publishPopularity(registry, temp, 2000, 40, 200);
        SealedFixtures.publishPopularity(registry, temp, 3000, 40, 200);
        SealedFixtures.publishPopularity(registry, temp, 4000, 40, 200);
        try (RecsysServer server = Loopback.start(ServerOptions.builder(registry.root()).build(),
                Map.of("MODEL_VERSION", "v0.1"))) {
            HttpResponse<String> nullParam = Loopback.post(client, server, "/rollout/update", "{\"params\":{\"x\":null}}",
                    "Content-Type", "application/json");
            assertThat(nullParam.statusCode()).as(nullParam.body()).isEqualTo(400);
            assertThat(nullParam.body()).contains("params.x");
            assertThat(Loopback.post(client, server, "/rollout/update", "{\"strategy\":\"ab_test\",\"canary_version\":\"v0.2\","
                    + "\"params\":{\"split\":{\"a\":1}}}", "Content-Type", "application/json").statusCode()).isEqualTo(400);

            Files.writeString(registry.root().resolve("v0.3").resolve("meta.json"), "{\"version\": \"v0.3\", \"model_na");
            HttpResponse<String> models = Loopback.get(client, server, "/admin/models");
            assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
            JsonNode versions = json.readTree(models.body()).get("versions");
            assertThat(versions).hasSize(4);
            assertThat(versions.get(0).get("version").asText()).isEqualTo("v0.1");
            assertThat(versions.get(0).has("error")).isFalse();
            assertThat(versions.get(2).get("version").asText()).isEqualTo("v0.3");
            assertThat(versions.get(2).get("error").asText()).isEqualTo("invalid_metadata");
            assertThat(models.body()).doesNotContain(temp.toString());

            assertThat(Loopback.get(client, server, "/switch?model=v0.2").statusCode()).isEqualTo(200);
            HttpResponse<String> bad = Loopback.get(client, server, "/switch?model=v0.3");
            assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
            assertThat(bad.body()).doesNotContain(temp.toString());

            // a damaged artifact (of a version never loaded): the 422 names the file, not where the registry lives
            Path largest = Loopback.files(registry.root().resolve("v0.4")).stream()
                    .max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
            Files.write(largest, new byte[] {1, 2, 3});
            HttpResponse<String> tampered = Loopback.get(client, server, "/switch?model=v0.4");
            assertThat(tampered.statusCode()).as(tampered.body()).isEqualTo(422);
            assertThat(tampered.body()).doesNotContain(temp.toString()).doesNotContain(registry.root().toString());
            assertThat(server.service().activeVersion()).hasToString("v0.2");
        }
    }
}
