package io.recsys.examples.server;

import static io.recsys.examples.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.RegisteredVersion;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.provenance.testing.SealedFixtures;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version that fails verification at start-up, whether latest.txt or the persisted serving state
 * names it, does not stop the server: it starts without a model ({@code /readyz} 503) and serves
 * again once switched to a good version, as docs/RUNBOOK.md says.
 */
class BadVersionAtStartupIT {
    @TempDir
    Path temp;

    FileSystemModelRegistry registry;
    RegisteredVersion good;
    RegisteredVersion damaged;

    @BeforeEach
    void publish() throws Exception {
        registry = new FileSystemModelRegistry(temp.resolve("registry"));
        good = SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        damaged = SealedFixtures.publishPopularity(registry, temp, 2000, 40, 200); // latest.txt names it
    }

    /** One byte of the version's largest artifact file flipped, same size. */
    private static void flipAByte(RegisteredVersion v) throws IOException {
        Path largest;
        try (Stream<Path> files = Files.walk(v.artifactDir())) {
            largest = files.filter(Files::isRegularFile).max(Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(largest);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(largest, bytes);
    }

    private static void assertRecoversBySwitching(ServerHarness h, String goodVersion) throws Exception {
        HttpResponse<String> ready = h.get("/readyz");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        assertThat(h.get("/recommend/1").statusCode()).isEqualTo(503);
        assertThat(h.server.startupSource()).contains("failed verification");
        assertThat(h.get("/metrics").body()).contains("service_health_status 0");

        HttpResponse<String> sw = h.get("/switch?model=" + goodVersion);
        assertThat(sw.statusCode()).as(sw.body()).isEqualTo(200);
        assertThat(h.get("/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> rec = h.get("/recommend/1");
        assertThat(rec.statusCode()).isEqualTo(200);
        assertThat(json(rec).get("model").asText()).isEqualTo(goodVersion);
    }

    @Test
    void latestTxtNamingADamagedVersion_startsWithoutAModel_andASwitchRecovers() throws Exception {
        flipAByte(damaged);
        try (var h = new ServerHarness(ServerOptions.builder(registry.root()).build(), Map.of())) {
            assertRecoversBySwitching(h, good.version().toString());
        }
    }

    @Test
    void persistedStateNamingADamagedVersion_startsWithoutAModel_andASwitchRecoversAndPersists() throws Exception {
        try (var h = new ServerHarness(ServerOptions.builder(registry.root()).build(),
                Map.of("MODEL_VERSION", good.version().toString()))) {
            assertThat(h.get("/switch?model=" + damaged.version()).statusCode()).isEqualTo(200); // persisted
        }
        long storedBefore = generation();
        flipAByte(damaged);
        try (var h = new ServerHarness(ServerOptions.builder(registry.root()).build(), Map.of())) {
            assertRecoversBySwitching(h, good.version().toString());
        }
        // the switch continued the persisted generations, and a plain restart resumes it
        assertThat(generation()).isEqualTo(storedBefore + 1);
        try (var h = new ServerHarness(ServerOptions.builder(registry.root()).build(), Map.of())) {
            assertThat(h.get("/readyz").statusCode()).isEqualTo(200);
            assertThat(json(h.get("/healthz")).get("version").asText()).isEqualTo(good.version().toString());
        }
    }

    private long generation() throws java.io.IOException {
        return ServerHarness.JSON.readTree(Files.readString(registry.root().resolve(ServingStateStore.FILE)))
                .get("generation").asLong();
    }
}
