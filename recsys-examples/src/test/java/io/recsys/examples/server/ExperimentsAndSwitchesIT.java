package io.recsys.examples.server;

import static io.recsys.examples.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.testing.Fixtures;
import io.recsys.provenance.testing.SealedFixtures;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiments count requests under the version that served them and are named; every change of
 * the primary is a switch event; metric labels are bounded without being cut silently. All over
 * real HTTP against a real server.
 */
class ExperimentsAndSwitchesIT {
    /** Longer than a label keeps whole: shortened visibly, with a hash. */
    private static final String LONG_SNAPSHOT = "kafka-2025-03-01T0000Z-to-2025-03-31T2359Z-topic-user-events-partitions-0-to-11";
    /** Longer than the old 12-character cut, which made it read as another date. */
    private static final String MEDIUM_SNAPSHOT = "kafka-202503-week2";

    @TempDir
    Path temp;

    ServerHarness h;

    @BeforeEach
    void setUp() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        SealedFixtures.publishPopularity(registry, temp, 2000, 40, 200);
        SealedFixtures.publish(registry, temp, Fixtures.writePopularity(Files.createTempDirectory(temp, "pop"), 3000, 40,
                200), "popularity", MEDIUM_SNAPSHOT);
        SealedFixtures.publish(registry, temp, Fixtures.writePopularity(Files.createTempDirectory(temp, "pop"), 4000, 40,
                200), "popularity", LONG_SNAPSHOT);
        h = new ServerHarness(ServerOptions.builder(registry.root()).provenanceLog(temp.resolve("logs")).build(),
                Map.of("MODEL_VERSION", "v0.1", "ROLLOUT_STRATEGY", "canary", "CANARY_VERSION", "v0.2",
                        "CANARY_PERCENTAGE", "50"));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    /** Sends requests for users [from, to) and counts them by the version that served each. */
    private void traffic(int from, int to, Map<String, Integer> byVersion) throws Exception {
        for (int u = from; u < to; u++) {
            HttpResponse<String> r = h.get("/recommend/" + u + "?k=3");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            byVersion.merge(r.headers().firstValue("X-Model-Version").orElseThrow(), 1, Integer::sum);
        }
    }

    @Test
    void aCanaryCountsEachRequestUnderItsVersion_andAControlSwitchIsASwitchEvent() throws Exception {
        var before = new HashMap<String, Integer>();
        traffic(0, 200, before);
        assertThat(before).containsOnlyKeys("v0.1", "v0.2");

        // target=control: the primary becomes v0.3, the canary stays v0.2
        HttpResponse<String> sw = h.post("/admin/switch-model", "{\"version\":\"v0.3\",\"target\":\"control\"}");
        assertThat(sw.statusCode()).as(sw.body()).isEqualTo(200);
        var after = new HashMap<String, Integer>();
        traffic(200, 400, after);
        assertThat(after).containsOnlyKeys("v0.3", "v0.2");

        JsonNode a = json(h.get("/experiment/analyze?time_window_minutes=60"));
        assertThat(a.get("experiment").get("name").asText()).isEqualTo("canary-v0.3-v0.2");
        assertThat(a.get("experiment").get("variant_A").asText()).isEqualTo("v0.3");
        assertThat(a.get("experiment").get("variant_B").asText()).isEqualTo("v0.2");
        // v0.1's primary requests are not v0.3's; v0.2's canary requests from both phases are v0.2's
        assertThat(a.get("metrics").get("variant_A").get("requests").asLong()).isEqualTo(after.get("v0.3").longValue());
        assertThat(a.get("metrics").get("variant_B").get("requests").asLong())
                .isEqualTo((long) before.get("v0.2") + after.get("v0.2"));

        String metrics = h.get("/metrics").body();
        assertThat(metrics).contains("model_switches_total{from_version=\"v0.1\",status=\"success\",to_version=\"v0.3\"} 1.0");
        String switchLog = Files.readString(temp.resolve("logs/switch_events.jsonl"));
        assertThat(switchLog).contains("\"from_version\":\"v0.1\",\"to_version\":\"v0.3\",\"status\":\"success\"");
    }

    @Test
    void summariesAreByName_andAFixedRolloutHasNoExperiment() throws Exception {
        traffic(0, 50, new HashMap<>());
        HttpResponse<String> ok = h.get("/experiments/canary-v0.1-v0.2/summary?windowHours=1");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json(ok).get("experiment").asText()).isEqualTo("canary-v0.1-v0.2");
        HttpResponse<String> unknown = h.get("/experiments/no-such-exp/summary");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).isEqualTo("not_found");
        assertThat(json(unknown).get("detail").asText()).contains("'no-such-exp'", "'canary-v0.1-v0.2'");

        assertThat(h.get("/switch?model=v0.2").statusCode()).isEqualTo(200); // fixed on v0.2
        HttpResponse<String> none = h.get("/experiment/analyze");
        assertThat(none.statusCode()).isEqualTo(200);
        JsonNode n = json(none);
        assertThat(n.get("status").asText()).isEqualTo("no_experiment");
        assertThat(n.get("strategy").asText()).isEqualTo("fixed");
        assertThat(n.get("version").asText()).isEqualTo("v0.2");
        assertThat(n.has("statistical_analysis")).isFalse();
        HttpResponse<String> gone = h.get("/experiments/canary-v0.1-v0.2/summary");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).get("detail").asText()).contains("no experiment is running");
    }

    @Test
    void metricLabelsAreBoundedButNeverCutSilently() throws Exception {
        assertThat(h.get("/switch?model=v0.3").statusCode()).isEqualTo(200);
        String metrics = h.get("/metrics").body();
        assertThat(metrics).contains("data_snapshot=\"" + MEDIUM_SNAPSHOT + "\"");
        assertThat(h.get("/switch?model=v0.4").statusCode()).isEqualTo(200);
        metrics = h.get("/metrics").body();
        String label = metrics.lines().filter(l -> l.startsWith("model_version_info{")).findFirst().orElseThrow()
                .replaceAll(".*data_snapshot=\"([^\"]*)\".*", "$1");
        assertThat(label).hasSize(64).startsWith(LONG_SNAPSHOT.substring(0, 43)).matches(".*~[0-9a-f]{20}");
        // the whole value is in the version's metadata
        assertThat(h.get("/admin/models").body()).contains(LONG_SNAPSHOT);

        // an unknown version: bounded in the metric, named in the switch log
        HttpResponse<String> unknown = h.get("/switch?model=v9.9");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).isEqualTo("not_found");
        assertThat(json(unknown).get("detail").asText()).contains("v9.9");
        assertThat(h.get("/metrics").body())
                .contains("model_switches_total{from_version=\"v0.4\",status=\"not_found\",to_version=\"other\"} 1.0")
                // one vocabulary: the body's error is the metric's error_type
                .contains("recommend_errors_total{endpoint=\"/switch\",error_type=\"not_found\"} 1.0");
        assertThat(Files.readString(temp.resolve("logs/switch_events.jsonl")))
                .contains("\"from_version\":\"v0.4\",\"to_version\":\"v9.9\",\"status\":\"failure\"");
    }
}
