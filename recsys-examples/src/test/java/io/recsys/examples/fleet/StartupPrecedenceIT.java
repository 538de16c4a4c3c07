package io.recsys.examples.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.provenance.testing.SealedFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up precedence between the seeds' environment variables (and {@code serve} flags) and the
 * persisted serving state, with real server processes restarted on one registry: a setting given
 * explicitly that changed since the state was last started wins, a run-time change survives a
 * plain restart, the state file records what the environment said, and the log says which won.
 */
class StartupPrecedenceIT {
    private static final Map<String, String> DEPLOY_2 = Map.of("MODEL_VERSION", "v0.1", "ROLLOUT_STRATEGY", "canary",
            "CANARY_VERSION", "v0.2", "CANARY_PERCENTAGE", "10", "ENVIRONMENT", "production");

    @TempDir
    Path temp;

    private Path root;
    private int started;

    private ServerProcess start(Map<String, String> env, String... flags) throws Exception {
        var args = new ArrayList<>(List.of("--registry", root.toString(), "--port", "0", "--bind", "127.0.0.1"));
        args.addAll(List.of(flags));
        return ServerProcess.start(ServerProcess.cli(args.toArray(String[]::new)), env,
                temp.resolve("server-" + (++started) + ".log"));
    }

    private static JsonNode rollout(ServerProcess p) {
        return p.json("/rollout/status").get("rollout");
    }

    private static boolean logged(ServerProcess p, String level, String... parts) {
        return p.log().stream().anyMatch(l -> l.contains(" " + level + " ") && List.of(parts).stream().allMatch(l::contains));
    }

    private void publishThree() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        root = registry.root();
        for (int i = 0; i < 3; i++) {
            SealedFixtures.publishPopularity(registry, temp, 1000L * (i + 1), 30, 100);
        }
    }

    /**
     * A setting that wins although it only agrees with what serves still updates the record: else
     * the next plain restart would compare with the old record and undo the run-time change.
     */
    @Test
    void aSettingThatAgreesWithARunTimeChangeIsRecordedSoTheNextRestartIsPlain() throws Exception {
        publishThree();
        try (ServerProcess p = start(Map.of("MODEL_VERSION", "v0.3"))) {
            assertThat(p.get("/switch?model=v0.1").statusCode()).isEqualTo(200);
        }
        // the deployment now names the version the operator switched to
        try (ServerProcess p = start(Map.of("MODEL_VERSION", "v0.1"))) {
            assertThat(rollout(p).get("primary_version").asText()).isEqualTo("v0.1");
            assertThat(p.get("/switch?model=v0.2").statusCode()).isEqualTo(200);
        }
        assertThat(ServerProcess.parse(Files.readString(root.resolve("serving_state.json")))
                .get("started_with").get("MODEL_VERSION").asText()).isEqualTo("v0.1");
        try (ServerProcess p = start(Map.of("MODEL_VERSION", "v0.1"))) {
            assertThat(rollout(p).get("primary_version").asText()).isEqualTo("v0.2");
        }
    }

    @Test
    void explicitSettingsThatChangedWinAndRunTimeChangesSurviveAPlainRestart() throws Exception {
        publishThree();

        // first deployment: the environment chooses, and the state records it
        try (ServerProcess p = start(Map.of("MODEL_VERSION", "v0.3", "ENVIRONMENT", "staging"))) {
            assertThat(rollout(p).get("primary_version").asText()).isEqualTo("v0.3");
            assertThat(rollout(p).get("environment").asText()).isEqualTo("staging");
        }
        JsonNode stored = ServerProcess.parse(Files.readString(root.resolve("serving_state.json")));
        assertThat(stored.get("started_with").get("MODEL_VERSION").asText()).isEqualTo("v0.3");
        assertThat(stored.get("started_with").get("ENVIRONMENT").asText()).isEqualTo("staging");

        // a new deployment's variables differ from the recorded ones, so they win
        try (ServerProcess p = start(DEPLOY_2)) {
            JsonNode r = rollout(p);
            assertThat(r.get("strategy").asText()).isEqualTo("canary");
            assertThat(r.get("primary_version").asText()).isEqualTo("v0.1");
            assertThat(r.get("canary_version").asText()).isEqualTo("v0.2");
            assertThat(r.get("canary_percentage").asDouble()).isEqualTo(10.0);
            assertThat(r.get("environment").asText()).isEqualTo("production");
            assertThat(logged(p, "WARN", "MODEL_VERSION=v0.1 (environment) wins", "v0.3")).isTrue();
            // a run-time change made under this deployment
            assertThat(p.post("/rollout/update", "{\"canary_percentage\": 50}").statusCode()).isEqualTo(200);
        }
        stored = ServerProcess.parse(Files.readString(root.resolve("serving_state.json")));
        assertThat(stored.get("started_with").get("CANARY_PERCENTAGE").asText()).isEqualTo("10.0");
        assertThat(stored.get("canary_percentage").asDouble()).isEqualTo(50.0);

        // a plain restart with the same environment: the run-time change survives, and the log says why
        try (ServerProcess p = start(DEPLOY_2)) {
            assertThat(rollout(p).get("canary_percentage").asDouble()).isEqualTo(50.0);
            assertThat(rollout(p).get("primary_version").asText()).isEqualTo("v0.1");
            assertThat(logged(p, "WARN", "CANARY_PERCENTAGE=10.0 (environment)", "run-time change to 50.0", "wins")).isTrue();
            assertThat(logged(p, "INFO", "MODEL_VERSION=v0.1 (environment) agrees")).isTrue();
        }

        // a flag given explicitly that differs from what the state was started with wins too
        try (ServerProcess p = start(DEPLOY_2, "--canary-percentage", "20")) {
            assertThat(rollout(p).get("canary_percentage").asDouble()).isEqualTo(20.0);
            assertThat(logged(p, "WARN", "CANARY_PERCENTAGE=20.0 (flag --canary-percentage) wins")).isTrue();
        }
        stored = ServerProcess.parse(Files.readString(root.resolve("serving_state.json")));
        assertThat(stored.get("started_with").get("CANARY_PERCENTAGE").asText()).isEqualTo("20.0");

        // nothing given at all: the persisted state serves as it is; a run-time change made by a server
        // started without settings (another replica) keeps the record of the deployment's settings
        try (ServerProcess p = start(Map.of())) {
            JsonNode r = rollout(p);
            assertThat(r.get("strategy").asText()).isEqualTo("canary");
            assertThat(r.get("canary_percentage").asDouble()).isEqualTo(20.0);
            assertThat(p.post("/rollout/update", "{\"canary_percentage\": 30}").statusCode()).isEqualTo(200);
        }
        stored = ServerProcess.parse(Files.readString(root.resolve("serving_state.json")));
        assertThat(stored.get("started_with").get("MODEL_VERSION").asText()).isEqualTo("v0.1");
        assertThat(stored.get("started_with").get("CANARY_PERCENTAGE").asText()).isEqualTo("20.0");

        // so the deployment restarted as it was is a plain restart: the run-time 30% stands
        try (ServerProcess p = start(DEPLOY_2, "--canary-percentage", "20")) {
            assertThat(rollout(p).get("canary_percentage").asDouble()).isEqualTo(30.0);
            assertThat(rollout(p).get("primary_version").asText()).isEqualTo("v0.1");
        }
    }
}
