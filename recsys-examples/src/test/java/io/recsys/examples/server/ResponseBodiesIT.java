package io.recsys.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.provenance.testing.SealedFixtures;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact bytes of the deterministic answers (key names and order included), as the server
 * answered before its bodies became records written by one snake_case mapper; and the endpoint
 * metrics the server counts itself.
 */
class ResponseBodiesIT {
    @TempDir
    Path temp;

    ServerHarness h;

    @BeforeEach
    void setUp() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        SealedFixtures.publishPopularity(registry, temp, 2000, 40, 200);
        h = new ServerHarness(ServerOptions.builder(registry.root()).build(), Map.of("MODEL_VERSION", "v0.1",
                "ROLLOUT_STRATEGY", "canary", "CANARY_VERSION", "v0.2", "CANARY_PERCENTAGE", "30"));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private static void assertBody(HttpResponse<String> r, int status, String body) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo(body);
    }

    @Test
    void statusBodies() throws Exception {
        // salt_id: the first 8 hex digits of SHA-256("recsys"), the default salt
        String rollout = "{\"strategy\":\"canary\",\"primary_version\":\"v0.1\",\"canary_version\":\"v0.2\","
                + "\"canary_percentage\":30.0,\"environment\":\"production\",\"bucketing\":\"hash\",\"salt_id\":\"24fc58ff\"}";
        assertBody(h.get("/readyz"), 200, "{\"ready\":true,\"version\":\"v0.1\"}");
        HttpResponse<String> status = h.get("/rollout/status");
        assertThat(status.statusCode()).isEqualTo(200);
        // fleet: this server is a fleet of one, on the state the environment chose (generation 1)
        assertThat(status.body()).matches(java.util.regex.Pattern.quote("{\"rollout\":" + rollout
                + ",\"active_version\":\"v0.1\",\"fleet\":{\"replica_id\":\"") + "[A-Za-z0-9_.-]+"
                + java.util.regex.Pattern.quote("\",\"stored_generation\":1,\"converged\":") + "(true|false),\"replicas\":\\[.*]}}");
        assertThat(h.get("/healthz").body()).matches("\\{\"status\":\"ok\",\"version\":\"v0.1\",\"rollout\":"
                + java.util.regex.Pattern.quote(rollout) + ",\"uptime_seconds\":[0-9.E-]+}");
    }

    @Test
    void recommendationBodyKeysInOrder() throws Exception {
        HttpResponse<String> r = h.get("/recommend/7?k=2", "X-Request-ID", "req-7");
        assertThat(r.body()).matches("\\{\"user_id\":7,\"model\":\"v0\\.[12]\",\"items\":\\[\\d+,\\d+],"
                + "\"variant\":\"(primary|canary)\",\"provenance\":\\{\"request_id\":\"req-7\",\"timestamp\":\\d+,"
                + "\"model_name\":\"popularity\",\"model_version\":\"v0\\.[12]\",\"git_sha\":\".*\",\"data_snapshot_id\":\".*\","
                + "\"container_image_digest\":null,\"latency_ms\":\\d+,\"latency_us\":\\d+(,\"manifest_sha256\":.*)?}}");
    }

    @Test
    void errorBodies() throws Exception {
        assertBody(h.get("/recommend/abc"), 400, "{\"error\":\"bad_request\",\"detail\":\"user_id must be a non-negative integer, got 'abc'\"}");
        assertBody(h.get("/recommend/5?k=0"), 400, "{\"error\":\"bad_request\",\"detail\":\"k must be between 1 and 1000, got 0\"}");
        assertBody(h.get("/nope"), 404, "{\"error\":\"not_found\",\"detail\":\"No endpoint at /nope\"}");
        HttpResponse<String> wrongMethod = h.send("DELETE", "/rollout/update", null);
        assertBody(wrongMethod, 405, "{\"error\":\"method_not_allowed\",\"detail\":\"Method DELETE is not allowed on "
                + "/rollout/update; allowed: POST\"}");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertBody(h.get("/switch?model=v9.9"), 404, "{\"error\":\"not_found\",\"detail\":\"Unknown model version v9.9; "
                + "available: v0.1, v0.2\",\"available\":[\"v0.1\",\"v0.2\"]}");
        assertBody(h.get("/switch?model=bad.."), 400, "{\"error\":\"invalid_version\",\"detail\":\"Invalid model version "
                + "'bad..'; expected vMAJOR.MINOR such as v0.1 or vMAJOR.MINOR.PATCH such as v1.3.0\"}");
        assertBody(h.post("/rollout/update?strategy=canary&canary_percentage=150", ""), 400, "{\"error\":\"invalid_rollout\","
                + "\"detail\":\"canary_percentage must be a number from 0 to 100, got '150'\"}");
        assertBody(h.post("/feedback", "[1]"), 400, "{\"error\":\"bad_request\",\"detail\":\"The JSON body must be an object\"}");
    }

    @Test
    void feedbackSummaryAndAdminBodies() throws Exception {
        h.get("/recommend/5?k=3");
        assertBody(h.post("/events", "{\"user_id\":5,\"item_id\":7,\"type\":\"watch\"}"), 202,
                "{\"status\":\"accepted\",\"attribution\":\"by_user\",\"folded_in\":false}"); // popularity cannot fold in
        assertBody(h.get("/experiments/x/summary?windowHours=2"), 404, "{\"error\":\"not_found\",\"detail\":"
                + "\"No experiment named 'x'; the running experiment is 'canary-v0.1-v0.2'\"}");
        assertBody(h.post("/admin/switch-model", "{\"version\":\"v0.1\",\"target\":\"sideways\"}"), 400,
                "{\"error\":\"bad_request\",\"detail\":\"target must be control, treatment or all, got 'sideways'\"}");
        assertBody(h.post("/admin/switch-model", "{\"version\":\"v0.2\",\"target\":\"all\"}"), 200,
                "{\"status\":\"ok\",\"target\":\"all\",\"version\":\"v0.2\",\"serving_state\":{\"control\":\"v0.2\","
                        + "\"treatment\":null,\"strategy\":\"fixed\",\"canary_percentage\":0.0}}");
        // A fixed rollout describes what a treatment means for it: an A/B test with the new version as B.
        assertBody(h.post("/admin/switch-model", "{\"version\":\"v0.1\",\"target\":\"treatment\"}"), 200,
                "{\"status\":\"ok\",\"target\":\"treatment\",\"version\":\"v0.1\",\"serving_state\":{\"control\":\"v0.2\","
                        + "\"treatment\":\"v0.1\",\"strategy\":\"ab_test\",\"canary_percentage\":50.0}}");
        assertBody(h.post("/rollout/update", "{\"strategy\":\"ab_test\",\"params\":{\"split\":\"40\"}}"), 200,
                "{\"status\":\"ok\",\"rollout\":{\"strategy\":\"ab_test\",\"primary_version\":\"v0.2\",\"canary_version\":\"v0.1\","
                        + "\"canary_percentage\":40.0,\"environment\":\"production\",\"bucketing\":\"hash\","
                        + "\"salt_id\":\"24fc58ff\"},\"active_version\":\"v0.2\"}");
        assertThat(h.get("/experiment/analyze").body()).contains("\"name\":\"ab_test-v0.2-v0.1\"",
                "\"strategy\":\"ab_test\"", "\"arm_A\":\"A\"", "\"arm_B\":\"B\"", "\"expected_share_B\":0.5");
        assertThat(h.get("/experiments/ab_test-v0.2-v0.1/summary?windowHours=2").body())
                .startsWith("{\"experiment\":\"ab_test-v0.2-v0.1\",\"windowHours\":2,\"summary\":{\"metric\":\"success_rate\",");
        assertThat(h.get("/admin/models").body()).startsWith("{\"versions\":[{\"version\":\"v0.1\",")
                .contains("\"latest\":").endsWith(",\"serving_state\":{\"control\":\"v0.2\",\"treatment\":\"v0.1\","
                        + "\"strategy\":\"ab_test\",\"canary_percentage\":40.0}}");
        String state = Files.readString(h.server.service().registry() instanceof FileSystemModelRegistry f
                ? f.root().resolve("serving_state.json") : null);
        assertThat(state).containsPattern("\"generation\" : [1-9][0-9]*,");
        assertThat(state.replaceFirst("\"generation\" : [0-9]+,\n  ", "")).startsWith("{\n  \"primary_version\" : \"v0.2\",\n  \"strategy\" : \"ab_test\",\n"
                + "  \"canary_version\" : \"v0.1\",\n  \"canary_percentage\" : 0.0,\n  \"environment\" : \"production\",\n"
                + "  \"salt\" : \"recsys\",\n  \"bucketing\" : \"hash\",\n  \"params\" : {\n    \"split\" : \"40\"\n  },\n"
                + "  \"updated_at\" : \"");
    }

    @Test
    void serverCountsItsOwnEndpointMetrics() throws Exception {
        h.get("/recommend/5?k=3");
        for (String k : new String[] {"0", "-5", "1001"}) {
            assertThat(h.get("/recommend/1?k=" + k).statusCode()).isEqualTo(400);
        }
        MeterRegistry meters = h.server.meters();
        assertThat(meters.get("recommend.requests").tags("status", "200", "endpoint", "/recommend/{user_id}").counter()
                .count()).isEqualTo(1.0);
        assertThat(meters.get("recommend.requests").tags("status", "400", "endpoint", "/recommend/{user_id}").counter()
                .count()).isEqualTo(3.0);
        assertThat(meters.find("ab.test.requests").tag("status", "200").counters().stream()
                .mapToDouble(c -> c.count()).sum()).isEqualTo(1.0);
        // One vocabulary: the error type counted is the one the body shows.
        assertThat(meters.get("recommend.errors").tags("error_type", "bad_request", "endpoint", "/recommend/{user_id}")
                .counter().count()).isEqualTo(3.0);
        assertThat(meters.get("recommend.latency").tags("endpoint", "/recommend/{user_id}").timer().count()).isEqualTo(4);
    }
}
