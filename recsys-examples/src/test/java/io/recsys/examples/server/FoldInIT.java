package io.recsys.examples.server;

import static io.recsys.examples.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.als.AlsArtifacts;
import io.recsys.als.AlsHyperparameters;
import io.recsys.als.AlsTrainer;
import io.recsys.als.data.SyntheticData;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.provenance.testing.SealedFixtures;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real-time personalisation over real HTTP: POST /feedback changes the user's next /recommend. */
class FoldInIT {
    @TempDir
    Path temp;

    ServerHarness h;

    @BeforeEach
    void setUp() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        Path dir = Files.createTempDirectory(temp, "als");
        var data = SyntheticData.ofShape(200, 150, 6_000).generate();
        AlsArtifacts.write(dir, new AlsTrainer(AlsHyperparameters.builder().factors(16).iterations(8).threads(1).build())
                .fit(data), Map.of());
        SealedFixtures.publish(registry, temp, dir, "als", "synthetic-200");
        h = new ServerHarness(ServerOptions.builder(registry.root()).foldInMaxBytes(1 << 20).build(),
                Map.of("MODEL_VERSION", "v0.1"));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private static List<Long> items(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        var out = new ArrayList<Long>();
        json(r).get("items").forEach(i -> out.add(i.asLong()));
        return out;
    }

    @Test
    void feedbackChangesTheNextRecommendationAndTheTraceSaysSo() throws Exception {
        // a user the model knows, and one it has never seen
        for (long user : new long[] {3, 5_000_000}) {
            List<Long> before = items(h.get("/recommend/" + user + "?k=10"));
            long clicked = before.get(4);
            HttpResponse<String> f = h.post("/feedback", "{\"user_id\": " + user + ", \"item_id\": " + clicked
                    + ", \"event\": \"click\"}", "Content-Type", "application/json");
            assertThat(f.statusCode()).as(f.body()).isEqualTo(202);
            assertThat(json(f).get("folded_in").asBoolean()).isTrue();
            List<Long> after = items(h.get("/recommend/" + user + "?k=10", "X-Request-ID", "after-" + user));
            assertThat(after).doesNotContain(clicked).isNotEqualTo(before);
            JsonNode trace = json(h.get("/trace/after-" + user)).get("trace");
            assertThat(trace.get("vector_source").asText()).isEqualTo("fold_in");
            assertThat(trace.get("events_since_model").asInt()).isEqualTo(1);
        }
        // an item the model does not know is accepted for the experiment log but folds nothing
        HttpResponse<String> unknown = h.post("/feedback", "{\"user_id\": 3, \"item_id\": 99999999, \"event\": \"click\"}",
                "Content-Type", "application/json");
        assertThat(unknown.statusCode()).isEqualTo(202);
        assertThat(json(unknown).get("folded_in").asBoolean()).isFalse();
        h.get("/recommend/7?k=3", "X-Request-ID", "untouched-7");
        assertThat(json(h.get("/trace/untouched-7")).get("trace").get("vector_source").asText()).isEqualTo("model");
        String metrics = h.get("/metrics").body();
        assertThat(metrics).contains("foldin_events_total{outcome=\"folded\"} 2.0")
                .contains("foldin_overlay_bytes").contains("foldin_latency_seconds_count 3")
                .contains("foldin_overlay_evictions_total 0.0");
    }
}
