package io.recsys.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import io.recsys.provenance.testing.SealedFixtures;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serving_state.json} is durable and honest: every change is stored with the next
 * generation before the API answers, a change that could not be stored is answered with a 500,
 * and a state file that exists but cannot be used stops start-up (unless {@code --reset-state})
 * instead of silently serving {@code latest.txt}.
 */
class ServingStateIT {
    @TempDir
    Path temp;

    private FileSystemModelRegistry registry;
    private Path stateFile;
    private final HttpClient client = Loopback.client();

    @BeforeEach
    void publish() throws Exception {
        registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        SealedFixtures.publishPopularity(registry, temp, 2000, 40, 200);
        stateFile = registry.root().resolve("serving_state.json");
    }

    private RecsysServer start(boolean reset) throws IOException {
        return Loopback.start(ServerOptions.builder(registry.root()).resetState(reset).build(), Map.of());
    }

    /** Serves latest (v0.2), rolls back to v0.1 and tunes the rollout: two stored generations. */
    private void rollBack() throws Exception {
        try (RecsysServer server = start(false)) {
            assertThat(server.service().activeVersion()).hasToString("v0.2");
            assertThat(Loopback.get(client, server, "/switch?model=v0.1").statusCode()).isEqualTo(200);
            assertThat(Loopback.post(client, server, "/rollout/update?strategy=canary&canary_version=v0.2&canary_percentage=5", "")
                    .statusCode()).isEqualTo(200);
        }
        var stored = new ObjectMapper().readTree(stateFile.toFile());
        assertThat(stored.get("generation").asLong()).isEqualTo(2);
        assertThat(stored.get("primary_version").asText()).isEqualTo("v0.1");
    }

    /**
     * Attack: after a rollback to v0.1 the state file was emptied (a crash
     * between create and write, a full disk); the restarted server fell back to latest.txt and
     * served v0.4, the version just rolled back from. Now start-up stops with a clear message.
     */
    @Test
    void aRollbackThenAnEmptiedStateFileStopsStartUp() throws Exception {
        rollBack();
        try (RecsysServer again = start(false)) {
            assertThat(again.service().activeVersion()).hasToString("v0.1");
            assertThat(again.startupSource()).contains("generation 2");
        }
        Files.write(stateFile, new byte[0]);
        assertThatThrownBy(() -> start(false)).isInstanceOf(IOException.class)
                .hasMessageContaining("serving_state.json is empty").hasMessageContaining("--reset-state");
    }

    /** Attack: a corrupt state file was ignored with a warning, and the server served latest.txt. */
    @Test
    void aCorruptStateFileStopsStartUpUnlessReset() throws Exception {
        rollBack();
        Files.writeString(stateFile, "{\"generation\": 3, \"primary_version\": \"v0.1\", \"strat");
        assertThatThrownBy(() -> start(false)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a valid serving state").hasMessageContaining("--reset-state");
        Files.writeString(stateFile, "{\"generation\": 3, \"primary_version\": \"../../etc\"}");
        assertThatThrownBy(() -> start(false)).hasMessageContaining("serving_state.json");
        try (RecsysServer reset = start(true)) {
            assertThat(reset.service().activeVersion()).hasToString("v0.2");
            assertThat(Loopback.get(client, reset, "/switch?model=v0.1").statusCode()).isEqualTo(200);
        }
        // the reset server's change replaced the corrupt file with a valid one
        try (RecsysServer again = start(false)) {
            assertThat(again.service().activeVersion()).hasToString("v0.1");
        }
    }

    /** Attack: a failed write only logged a warning while the API answered 200; the change was then lost on restart. */
    @Test
    void aChangeThatCouldNotBeStoredIsAnswered500() throws Exception {
        try (RecsysServer server = start(false)) {
            // a non-empty directory where the state file goes: the rename over it fails
            Files.createDirectories(stateFile.resolve("blocker"));
            HttpResponse<String> r = Loopback.get(client, server, "/switch?model=v0.1");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).contains("\"error\":\"state_not_stored\"").doesNotContain(temp.toString());
            HttpResponse<String> u = Loopback.post(client, server, "/rollout/update?strategy=canary&canary_version=v0.2", "");
            assertThat(u.statusCode()).isEqualTo(500);
            assertThat(Files.list(registry.root()).map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("serving_state.json.tmp"));
        }
    }
}
