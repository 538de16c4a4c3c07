package io.recsys.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet's shared files are untrusted input: size-bounded, validated, and a bad one never taken for a good one. */
class FleetFilesTest {
    @TempDir
    Path temp;

    private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");

    private static FleetHeartbeats.Heartbeat beat(String id, Instant at) {
        return new FleetHeartbeats.Heartbeat(id, 3, "v0.2", null, "fixed", 0, true, null, at.toString(), null);
    }

    @Test
    void heartbeatsRoundTripAndStaleOnesAreMarked() throws Exception {
        var hb = new FleetHeartbeats(temp);
        hb.write(beat("b", NOW));
        hb.write(beat("a", NOW.minusSeconds(30)));
        var read = hb.read(Duration.ofSeconds(15), NOW);
        assertThat(read).extracting(FleetHeartbeats.Heartbeat::replicaId).containsExactly("a", "b");
        assertThat(read.get(0).stale()).isTrue();
        assertThat(read.get(1).stale()).isFalse();
        hb.remove("a");
        assertThat(hb.read(Duration.ofSeconds(15), NOW)).extracting(FleetHeartbeats.Heartbeat::replicaId).containsExactly("b");
    }

    @Test
    void hostileHeartbeatFilesAreSkipped() throws Exception {
        var hb = new FleetHeartbeats(temp);
        hb.write(beat("good", NOW));
        Path dir = temp.resolve(FleetHeartbeats.DIR);
        Files.writeString(dir.resolve("huge.json"), "{\"replica_id\":\"huge\",\"x\":\"" + "x".repeat(10_000) + "\"}");
        Files.writeString(dir.resolve("liar.json"), beatJson("someone-else"));
        Files.writeString(dir.resolve("broken.json"), "{\"replica_id\": \"broken\", ");
        Files.writeString(dir.resolve("old.json"), beatJson("old").replace(NOW.toString(), NOW.minus(Duration.ofDays(2)).toString()));
        Files.writeString(dir.resolve(".hidden.json"), beatJson(".hidden"));
        Files.writeString(dir.resolve("long.json"), beatJson("long").replace("\"v0.2\"", "\"" + "v".repeat(400) + "\""));
        Files.createSymbolicLink(dir.resolve("link.json"), dir.resolve("good.json"));
        assertThat(hb.read(Duration.ofSeconds(15), NOW)).extracting(FleetHeartbeats.Heartbeat::replicaId)
                .containsExactly("good");
    }

    private static String beatJson(String id) throws Exception {
        return ServerJson.MAPPER.writeValueAsString(beat(id, NOW));
    }

    @Test
    void theStateFileIsBoundedAndValidated() throws Exception {
        var store = new ServingStateStore(temp);
        store.save(RolloutConfig.builder(ModelVersion.parse("v0.1")).build(), 4, Map.of("MODEL_VERSION", "v0.1"));
        var loaded = store.load().orElseThrow();
        assertThat(loaded.generation()).isEqualTo(4);
        assertThat(loaded.startedWith()).containsEntry("MODEL_VERSION", "v0.1");

        String good = Files.readString(store.file());
        Files.writeString(store.file(), good.replace("}", ", \"pad\": \"" + "x".repeat(ServingStateStore.MAX_BYTES) + "\"}"));
        assertThatThrownBy(store::load).isInstanceOf(ServingStateStore.CorruptStateException.class)
                .hasMessageContaining("larger than");
        Files.writeString(store.file(), good.replace("\"MODEL_VERSION\"", "\"LD_PRELOAD\""));
        assertThatThrownBy(store::load).isInstanceOf(ServingStateStore.CorruptStateException.class)
                .hasMessageContaining("unknown setting");
        Files.writeString(store.file(), good.replace("\"generation\" : 4", "\"generation\" : -1"));
        assertThatThrownBy(store::load).isInstanceOf(ServingStateStore.CorruptStateException.class)
                .hasMessageContaining("negative generation");
    }

    @Test
    void replicaIdsAreValidFileNames() {
        assertThat(FleetSync.defaultReplicaId(Map.of("HOSTNAME", "web-7.example"), 8080)).isEqualTo("web-7.example-8080");
        assertThat(FleetSync.defaultReplicaId(Map.of("HOSTNAME", "../../etc/passwd"), 1)).matches(FleetHeartbeats.REPLICA_ID);
        assertThat(FleetSync.defaultReplicaId(Map.of("HOSTNAME", "h".repeat(200)), 65535)).matches(FleetHeartbeats.REPLICA_ID);
        assertThatThrownBy(() -> ServerOptions.builder(Path.of("r")).replicaId("../x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerOptions.builder(Path.of("r")).fleetPoll(Duration.ofMillis(1)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
