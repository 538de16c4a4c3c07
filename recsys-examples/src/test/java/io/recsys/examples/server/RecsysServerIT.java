package io.recsys.examples.server;

import static io.recsys.examples.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.core.RegisteredVersion;
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

/** Every endpoint of the example server, over real HTTP on a loopback port. */
class RecsysServerIT {
    @TempDir
    Path temp;

    FileSystemModelRegistry registry;
    List<RegisteredVersion> versions = new ArrayList<>();
    ServerHarness h;

    @BeforeEach
    void setUp() throws Exception {
        registry = new FileSystemModelRegistry(temp.resolve("registry"));
        for (int i = 1; i <= 3; i++) {
            versions.add(SealedFixtures.publishPopularity(registry, temp, 1000L * i, 40, 200));
        }
        h = new ServerHarness(ServerOptions.builder(registry.root()).provenanceLog(temp.resolve("logs")).build(),
                Map.of("MODEL_VERSION", "v0.1"));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    static void assertError(HttpResponse<String> r, int status, String detailPart) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(r);
        assertThat(body.path("error").asText()).isNotBlank();
        assertThat(body.path("detail").asText()).contains(detailPart);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void recommend_returnsSeedShapeAndProvenanceHeaders() throws Exception {
        HttpResponse<String> r = h.get("/recommend/7?k=5", "X-Request-ID", "client-req-42");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode b = json(r);
        assertThat(b.get("user_id").asLong()).isEqualTo(7);
        assertThat(b.get("model").asText()).isEqualTo("v0.1");
        assertThat(b.get("items")).hasSize(5);
        b.get("items").forEach(i -> assertThat(i.asLong()).isBetween(1000L, 1039L));
        assertThat(b.get("variant").asText()).isEqualTo("primary");
        JsonNode p = b.get("provenance");
        assertThat(p.get("request_id").asText()).isEqualTo("client-req-42");
        assertThat(p.get("model_name").asText()).isEqualTo("popularity");
        assertThat(p.get("model_version").asText()).isEqualTo("v0.1");
        assertThat(p.get("git_sha").asText()).startsWith("0123456789abcdef");
        assertThat(p.get("data_snapshot_id").asText()).isEqualTo("data-1000");
        assertThat(p.has("container_image_digest")).isTrue();
        assertThat(p.get("timestamp").asLong()).isPositive();
        // the seeds' integer milliseconds, and the precise microseconds beside them
        assertThat(p.get("latency_ms").isIntegralNumber()).isTrue();
        assertThat(p.get("latency_us").isIntegralNumber()).isTrue();
        assertThat(p.get("latency_ms").asLong()).isEqualTo(Math.round(p.get("latency_us").asLong() / 1000.0));
        assertThat(r.headers().firstValue("X-Request-ID")).hasValue("client-req-42");
        assertThat(r.headers().firstValue("X-Model-Version")).hasValue("v0.1");
        assertThat(r.headers().firstValue("X-Pipeline-Commit")).hasValue("0123456");
        assertThat(r.headers().firstValue("X-Data-Version")).hasValue("data-1000");
    }

    @Test
    void recommend_malformedRequestIdIsReplaced() throws Exception {
        HttpResponse<String> r = h.get("/recommend/7", "X-Request-ID", "bad id with spaces");
        String id = r.headers().firstValue("X-Request-ID").orElseThrow();
        assertThat(id).isNotEqualTo("bad id with spaces").matches("[0-9a-f-]{36}\\.[A-Za-z0-9_-]{22}"); // a server-issued id: UUID and tag
        assertThat(json(r).get("items")).hasSize(10);
    }

    @Test
    void recommendations_rideEaseAliasAnswersTheSame() throws Exception {
        JsonNode a = json(h.get("/recommend/9?k=3"));
        JsonNode b = json(h.get("/recommendations?user_id=9&k=3"));
        assertThat(b.get("items")).isEqualTo(a.get("items"));
        assertError(h.get("/recommendations?k=3"), 400, "user_id is required");
    }

    @Test
    void recommend_badInputIsA400WithJson() throws Exception {
        assertError(h.get("/recommend/abc"), 400, "user_id must be a non-negative integer");
        assertError(h.get("/recommend/-5"), 400, "user_id must be a non-negative integer");
        assertError(h.get("/recommend/99999999999999999999"), 400, "user_id");
        assertError(h.get("/recommend/1?k=0"), 400, "k must be between 1 and 1000, got 0");
        assertError(h.get("/recommend/1?k=1001"), 400, "got 1001");
        assertError(h.get("/recommend/1?k=-3"), 400, "got -3");
        assertError(h.get("/recommend/1?k=ten"), 400, "k must be an integer");
        assertError(h.get("/recommend/1?k=99999999999"), 400, "k must be an integer");
        assertError(h.get("/recommend/1?k=%C3%28"), 400, "not valid UTF-8");
        assertError(h.get("/recommend/1?exclude_seen=maybe"), 400, "exclude_seen");
    }

    @Test
    void unknownPathAndWrongMethod() throws Exception {
        assertError(h.get("/nope"), 404, "No endpoint at /nope");
        HttpResponse<String> r = h.send("DELETE", "/recommend/1", null);
        assertError(r, 405, "not allowed");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET");
        HttpResponse<String> post = h.post("/healthz", "");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(h.get("/rollout/update").headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void healthzAndReadyz() throws Exception {
        JsonNode health = json(h.get("/healthz"));
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("version").asText()).isEqualTo("v0.1");
        assertThat(health.get("rollout").get("strategy").asText()).isEqualTo("fixed");
        assertThat(health.get("rollout").get("primary_version").asText()).isEqualTo("v0.1");
        assertThat(health.get("rollout").get("canary_version").isNull()).isTrue();
        assertThat(health.get("rollout").get("canary_percentage").asDouble()).isEqualTo(0.0);
        assertThat(health.get("rollout").get("environment").asText()).isEqualTo("production");
        assertThat(h.get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void readyz_is503UntilAModelIsLoaded() throws Exception {
        var empty = new FileSystemModelRegistry(temp.resolve("empty"));
        try (var e = new ServerHarness(ServerOptions.builder(empty.root()).build(), Map.of())) {
            assertError(e.get("/readyz"), 503, "No model");
            assertThat(json(e.get("/healthz")).get("status").asText()).isEqualTo("no_model");
            assertError(e.get("/recommend/1"), 503, "No model");
            assertThat(e.server.startupSource()).startsWith("none");
        }
    }

    @Test
    void trace_storedForEachRequestAnd404WhenUnknown() throws Exception {
        HttpResponse<String> r = h.get("/recommend/11?k=4", "X-Request-ID", "trace-me-1");
        assertThat(r.statusCode()).isEqualTo(200);
        for (String path : List.of("/trace/trace-me-1", "/traces/trace-me-1")) {
            JsonNode t = json(h.get(path));
            assertThat(t.get("request_id").asText()).isEqualTo("trace-me-1");
            JsonNode trace = t.get("trace");
            assertThat(trace.get("user_id").asLong()).isEqualTo(11);
            assertThat(trace.get("k").asInt()).isEqualTo(4);
            assertThat(trace.get("num_items").asInt()).isEqualTo(4);
            assertThat(trace.get("status").asInt()).isEqualTo(200);
            assertThat(trace.get("model_version").asText()).isEqualTo("v0.1");
            assertThat(trace.get("path").asText()).isEqualTo("/recommend/{user_id}");
            assertThat(trace.get("method").asText()).isEqualTo("GET");
            assertThat(trace.get("variant").asText()).isEqualTo("primary");
            assertThat(trace.has("stored_at")).isTrue();
        }
        assertError(h.get("/trace/never-seen"), 404, "No trace");
    }

    @Test
    void switch_seedShapeAndErrors() throws Exception {
        JsonNode s = json(h.get("/switch?model=v0.2"));
        assertThat(s.get("status").asText()).isEqualTo("ok");
        assertThat(s.get("model_name").asText()).isEqualTo("popularity");
        assertThat(s.get("model_version").asText()).isEqualTo("v0.2");
        assertThat(s.get("previous_version").asText()).isEqualTo("v0.1");
        assertThat(s.get("meta").get("version").get("version").asText()).isEqualTo("v0.2");
        assertThat(s.get("meta").get("version").get("git_sha").asText()).startsWith("0123");
        assertThat(json(h.get("/recommend/3")).get("model").asText()).isEqualTo("v0.2");

        HttpResponse<String> missing = h.get("/switch?model=v0.9");
        assertError(missing, 404, "Unknown model version v0.9");
        assertThat(json(missing).get("available").toString()).isEqualTo("[\"v0.1\",\"v0.2\",\"v0.3\"]");
        assertError(h.get("/switch?model=v0.2/../../etc"), 400, "Invalid model version");
        assertError(h.get("/switch?model=latest"), 400, "Invalid model version");
        assertError(h.get("/switch"), 400, "model is required");
        assertThat(json(h.get("/healthz")).get("version").asText()).isEqualTo("v0.2");
    }

    @Test
    void switch_toTamperedVersionIsRefusedAnd422() throws Exception {
        Path f = versions.get(2).artifactDir().resolve("seen.tsv");
        Files.writeString(f, Files.readString(f) + "1\t1\n");
        assertError(h.get("/switch?model=v0.3"), 422, "failed verification");
        assertThat(json(h.get("/healthz")).get("version").asText()).isEqualTo("v0.1");
        assertThat(h.get("/metrics").body())
                .contains("model_switches_total{from_version=\"v0.1\",status=\"invalid\",to_version=\"v0.3\"} 1.0");
    }

    @Test
    void rollout_walkThroughAndEmergencyRollback() throws Exception {
        assertThat(h.post("/rollout/update?strategy=canary&canary_version=v0.2&canary_percentage=5", "").statusCode())
                .isEqualTo(200);
        long canary5 = countCanary(400);
        JsonNode up = json(h.post("/rollout/update?canary_percentage=25", ""));
        assertThat(up.get("rollout").get("canary_percentage").asDouble()).isEqualTo(25.0);
        assertThat(up.get("rollout").get("canary_version").asText()).isEqualTo("v0.2");
        long canary25 = countCanary(400);
        h.post("/rollout/update?canary_percentage=50", "");
        long canary50 = countCanary(400);
        assertThat(canary5).isLessThan(canary25);
        assertThat(canary25).isLessThan(canary50);
        assertThat(canary50).isBetween(140L, 260L);

        JsonNode status = json(h.get("/rollout/status"));
        assertThat(status.get("rollout").get("strategy").asText()).isEqualTo("canary");
        assertThat(status.get("active_version").asText()).isEqualTo("v0.1");

        assertThat(h.get("/switch?model=v0.2").statusCode()).isEqualTo(200);
        JsonNode fixed = json(h.post("/rollout/update?strategy=fixed", ""));
        assertThat(fixed.get("rollout").get("strategy").asText()).isEqualTo("fixed");
        assertThat(fixed.get("rollout").get("primary_version").asText()).isEqualTo("v0.2");
        assertThat(countCanary(100)).isZero();

        // Emergency rollback.
        assertThat(json(h.get("/switch?model=v0.1")).get("previous_version").asText()).isEqualTo("v0.2");
        assertThat(json(h.get("/recommend/5")).get("model").asText()).isEqualTo("v0.1");
    }

    private long countCanary(int users) throws Exception {
        long n = 0;
        for (int u = 0; u < users; u++) {
            if (json(h.get("/recommend/" + u + "?k=1")).get("variant").asText().equals("canary")) {
                n++;
            }
        }
        return n;
    }

    @Test
    void rollout_invalidUpdatesAre400AndKeepPolicy() throws Exception {
        h.post("/rollout/update?strategy=canary&canary_version=v0.2&canary_percentage=10", "");
        assertError(h.post("/rollout/update?strategy=nope", ""), 400, "Unknown rollout strategy 'nope'");
        assertError(h.post("/rollout/update?canary_percentage=150", ""), 400, "from 0 to 100");
        assertError(h.post("/rollout/update?canary_percentage=abc", ""), 400, "'abc'");
        assertError(h.post("/rollout/update?canary_version=v0.1", ""), 400, "is the primary version");
        assertError(h.post("/rollout/update?canary_version=v7.7", ""), 400, "v7.7 is not in the registry");
        assertError(h.post("/rollout/update?canary_version=..%2Fetc", ""), 400, "Invalid model version");
        assertError(h.post("/rollout/update", "{not json", "Content-Type", "application/json"), 400, "Malformed JSON");
        JsonNode s = json(h.get("/rollout/status")).get("rollout");
        assertThat(s.get("strategy").asText()).isEqualTo("canary");
        assertThat(s.get("canary_percentage").asDouble()).isEqualTo(10.0);
        JsonNode viaBody = json(h.post("/rollout/update", "{\"canary_percentage\": 20}", "Content-Type", "application/json"));
        assertThat(viaBody.get("rollout").get("canary_percentage").asDouble()).isEqualTo(20.0);
    }

    @Test
    void admin_modelsAndSwitchModelTargets() throws Exception {
        JsonNode models = json(h.get("/admin/models"));
        assertThat(models.get("versions")).hasSize(3);
        assertThat(models.get("latest").asText()).isEqualTo("v0.3");
        assertThat(models.get("serving_state").get("control").asText()).isEqualTo("v0.1");

        JsonNode t = json(h.post("/admin/switch-model", "{\"version\":\"v0.2\",\"target\":\"treatment\"}"));
        assertThat(t.get("serving_state").get("treatment").asText()).isEqualTo("v0.2");
        assertThat(t.get("serving_state").get("strategy").asText()).isEqualTo("ab_test");
        JsonNode c = json(h.post("/admin/switch-model", "{\"version\":\"v0.3\",\"target\":\"control\"}"));
        assertThat(c.get("serving_state").get("control").asText()).isEqualTo("v0.3");
        JsonNode all = json(h.post("/admin/switch-model", "{\"version\":\"v0.2\",\"target\":\"all\"}"));
        assertThat(all.get("serving_state").get("control").asText()).isEqualTo("v0.2");
        assertThat(all.get("serving_state").get("strategy").asText()).isEqualTo("fixed");

        assertError(h.post("/admin/switch-model", "{\"version\":\"v0.2\",\"target\":\"everyone\"}"), 400, "target must be");
        assertError(h.post("/admin/switch-model", "{\"target\":\"all\"}"), 400, "version is required");
        assertError(h.post("/admin/switch-model", "[1,2]"), 400, "must be an object");
        assertError(h.post("/admin/switch-model", "{\"version\":\"v0.9\",\"target\":\"control\"}"), 404, "Unknown model version");
        assertError(h.post("/admin/switch-model", "x".repeat(70_000)), 413, "exceeds");
    }

    @Test
    void admin_requiresKeyWhenConfigured() throws Exception {
        try (var k = new ServerHarness(ServerOptions.builder(registry.root()).adminKey("topsecret").build(), Map.of())) {
            assertError(k.get("/switch?model=v0.2"), 401, "Admin key required");
            assertError(k.get("/switch?model=v0.2", "X-API-Key", "wrong"), 401, "not valid");
            assertError(k.post("/rollout/update?strategy=fixed", ""), 401, "required");
            assertError(k.get("/admin/models", "Authorization", "Bearer nope"), 401, "not valid");
            assertThat(k.get("/switch?model=v0.2", "X-API-Key", "topsecret").statusCode()).isEqualTo(200);
            assertThat(k.get("/admin/models", "Authorization", "Bearer topsecret").statusCode()).isEqualTo(200);
            assertThat(k.get("/recommend/1").statusCode()).isEqualTo(200); // not an admin endpoint
            String metrics = k.get("/metrics").body();
            assertThat(metrics).contains("admin_auth_refused_total{reason=\"missing_key\"} 2.0")
                    .contains("admin_auth_refused_total{reason=\"wrong_key\"} 2.0")
                    .doesNotContain("topsecret");
        }
    }

    @Test
    void restart_resumesPersistedServingState() throws Exception {
        h.get("/switch?model=v0.2");
        h.post("/rollout/update?strategy=canary&canary_version=v0.3&canary_percentage=30", "");
        h.close();
        try (var again = new ServerHarness(ServerOptions.builder(registry.root()).build(), Map.of("MODEL_VERSION", "v0.1"))) {
            assertThat(again.server.startupSource()).startsWith("persisted state");
            JsonNode s = json(again.get("/rollout/status"));
            assertThat(s.get("active_version").asText()).isEqualTo("v0.2");
            assertThat(s.get("rollout").get("canary_version").asText()).isEqualTo("v0.3");
            assertThat(s.get("rollout").get("canary_percentage").asDouble()).isEqualTo(30.0);
        }
        try (var reset = new ServerHarness(ServerOptions.builder(registry.root()).resetState(true).build(),
                Map.of("MODEL_VERSION", "v0.1"))) {
            assertThat(reset.server.startupSource()).isEqualTo("environment");
            assertThat(json(reset.get("/healthz")).get("version").asText()).isEqualTo("v0.1");
        }
    }

    @Test
    void metrics_exposeSeedMetricNames() throws Exception {
        h.get("/recommend/1");
        h.get("/recommend/abc");
        h.get("/switch?model=v0.2");
        HttpResponse<String> r = h.get("/metrics");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).contains(
                "recommend_requests_total{endpoint=\"/recommend/{user_id}\",status=\"200\"}",
                "recommend_requests_total{endpoint=\"/recommend/{user_id}\",status=\"400\"}",
                "recommend_latency_seconds_bucket{endpoint=\"/recommend/{user_id}\"",
                "recommend_errors_total{endpoint=\"/recommend/{user_id}\",error_type=\"bad_request\"}",
                "model_version_info{data_snapshot=\"data-2000\",git_sha=\"0123456\",model_name=\"popularity\",role=\"primary\",version=\"v0.2\"} 1",
                "model_switches_total{from_version=\"v0.1\",status=\"success\",to_version=\"v0.2\"} 1.0",
                "model_load_seconds_count",
                "ab_test_requests_total{status=\"200\",variant=\"primary\"}",
                "ab_test_latency_seconds_bucket",
                "service_uptime_seconds", "service_health_status 1",
                "slo_latency_target_seconds 0.1", "slo_availability_target_ratio 0.999",
                "slo_error_budget_remaining_ratio");
    }

    @Test
    void experiment_analyzeAndSummaryAfterAbTraffic() throws Exception {
        assertThat(h.post("/rollout/update?strategy=ab_test&canary_version=v0.2", "").statusCode()).isEqualTo(200);
        for (int u = 0; u < 300; u++) {
            HttpResponse<String> r = h.get("/recommend/" + u + "?k=3");
            JsonNode b = json(r);
            if (u % 4 == 0) {
                String event = "{\"user_id\": " + u + ", \"item_id\": " + b.get("items").get(0).asLong()
                        + ", \"event\": \"click\", \"request_id\": \"" + r.headers().firstValue("X-Request-ID").orElseThrow() + "\"}";
                HttpResponse<String> f = h.post("/feedback", event, "Content-Type", "application/json");
                assertThat(f.statusCode()).as(f.body()).isEqualTo(202);
                assertThat(json(f).get("attribution").asText()).isEqualTo("by_request");
            }
        }
        HttpResponse<String> r = h.get("/experiment/analyze?time_window_minutes=120");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("NaN").doesNotContain("Infinity");
        JsonNode a = json(r);
        assertThat(a.get("experiment").get("strategy").asText()).isEqualTo("ab_test");
        assertThat(a.get("experiment").get("variant_A").asText()).isEqualTo("v0.1");
        assertThat(a.get("experiment").get("variant_B").asText()).isEqualTo("v0.2");
        long requestsA = a.get("metrics").get("variant_A").get("requests").asLong();
        long requestsB = a.get("metrics").get("variant_B").get("requests").asLong();
        assertThat(requestsA + requestsB).isEqualTo(300);
        assertThat(a.get("metrics").get("variant_A").get("success_rate").asDouble()).isEqualTo(1.0);
        JsonNode stats = a.get("statistical_analysis");
        assertThat(stats.get("test").asText()).isEqualTo("two_proportion_z_test");
        assertThat(stats.get("results").has("z_statistic")).isTrue();
        assertThat(stats.get("results").has("p_value")).isTrue();
        assertThat(stats.get("decision").asText()).isEqualTo("inconclusive"); // fewer than 1,000 per variant
        assertThat(stats.get("recommendation").asText()).isNotBlank();

        assertThat(a.get("experiment").get("name").asText()).isEqualTo("ab_test-v0.1-v0.2");
        JsonNode summary = json(h.get("/experiments/ab_test-v0.1-v0.2/summary?windowHours=24"));
        assertThat(summary.get("experiment").asText()).isEqualTo("ab_test-v0.1-v0.2");
        assertThat(summary.get("summary").has("pValue")).isTrue();
        assertThat(summary.get("summary").get("decision").asText()).isIn("ship", "rollback", "keep-running");

        assertError(h.get("/experiment/analyze?time_window_minutes=0"), 400, "time_window_minutes must be");
        assertError(h.get("/experiment/analyze?time_window_minutes=lots"), 400, "time_window_minutes must be");
        assertError(h.get("/experiments/x/summary?windowHours=100000"), 400, "windowHours must be");
    }

    @Test
    void feedback_validatesItsBody() throws Exception {
        assertThat(h.post("/events", "{\"user_id\": 3, \"item_id\": 1001, \"type\": \"watch\"}").statusCode()).isEqualTo(202);
        assertError(h.post("/feedback", "{\"user_id\": 3, \"item_id\": 1001, \"event\": \"like\"}"), 400, "unknown feedback type");
        assertError(h.post("/feedback", "{\"user_id\": 3}"), 400, "are required");
        assertError(h.post("/feedback", "{\"user_id\": -3, \"item_id\": 1, \"event\": \"click\"}"), 400, "user_id must be");
        assertError(h.post("/feedback", "{\"user_id\": 3, \"item_id\": {\"a\":1}, \"event\": \"click\"}"), 400, "item_id must be a string or number");
        assertError(h.post("/feedback", "{\"user_id\": 3, \"item_id\": 1, \"event\": \"click\", \"request_id\": \"a b\"}"), 400, "request_id");
        assertError(h.post("/feedback", "{oops"), 400, "Malformed JSON");
        assertError(h.post("/feedback", ""), 400, "JSON object body is required");
    }

    @Test
    void rollout_abTestSplitCanBeChangedAtRunTime() throws Exception {
        JsonNode r = json(h.post("/rollout/update?strategy=ab_test&canary_version=v0.2&split=30", ""));
        assertThat(r.get("rollout").get("strategy").asText()).isEqualTo("ab_test");
        assertThat(r.get("rollout").get("canary_percentage").asDouble()).isEqualTo(30.0);
        long b = 0;
        for (int u = 0; u < 400; u++) {
            if (json(h.get("/recommend/" + u + "?k=1")).get("variant").asText().equals("B")) {
                b++;
            }
        }
        assertThat(b).isBetween(80L, 160L);
        JsonNode viaBody = json(h.post("/rollout/update", "{\"params\": {\"split\": \"50\"}}"));
        assertThat(viaBody.get("rollout").get("canary_percentage").asDouble()).isEqualTo(50.0);
        assertError(h.post("/rollout/update?split=140", ""), 400, "split");
        assertError(h.post("/rollout/update", "{\"params\": [1]}"), 400, "params must be an object");
        assertThat(json(h.get("/rollout/status")).get("rollout").get("canary_percentage").asDouble()).isEqualTo(50.0);
    }

    @Test
    void everyAnswerCarriesARequestId_errorsAndHealthIncluded() throws Exception {
        for (String path : new String[] {"/healthz", "/readyz", "/no-such-route", "/recommend/abc", "/rollout/status"}) {
            HttpResponse<String> r = h.get(path);
            assertThat(r.headers().firstValue("X-Request-ID")).as(path).isPresent();
            HttpResponse<String> echoed = h.get(path, "X-Request-ID", "client-id-42");
            assertThat(echoed.headers().firstValue("X-Request-ID")).as(path).hasValue("client-id-42");
        }
        // an id the server would not accept is replaced, never echoed
        assertThat(h.get("/healthz", "X-Request-ID", "bad id with spaces").headers().firstValue("X-Request-ID"))
                .isPresent().get().asString().doesNotContain(" ");
    }
}
