package io.recsys.examples.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.core.ModelVersion;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.testing.Fixtures;
import io.recsys.provenance.testing.SealedFixtures;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real server processes on one registry follow one serving state: a change on any replica
 * is served by all within the poll bound, concurrent changes end with one winner (the other gets
 * 409 with the stored state) and all on it, a replica started later joins, a replica that cannot
 * load the new version keeps serving and says so on {@code /readyz} and in every replica's
 * {@code /rollout/status}, and a user gets the same variant from every replica.
 */
class FleetIT {
    /** Generous: the bound is one poll (200 ms here) plus the load; a loaded 2-core machine needs slack. */
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final String FAST_POLL = "200";
    private static final String DEFAULT_POLL = "1000";

    @TempDir
    Path temp;

    private Path root;
    private final List<ServerProcess> running = new ArrayList<>();

    @BeforeEach
    void publish() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        root = registry.root();
        SealedFixtures.publishPopularity(registry, temp, 1000, 30, 300);
        SealedFixtures.publishPopularity(registry, temp, 2000, 30, 300);
        // v0.3 is of a model type that replicas started with RECSYS_TEST_REFUSE_LOAD=true cannot load
        Path dir = Fixtures.writePopularity(Files.createTempDirectory(temp, "refusing"), 3000, 30, 300);
        SealedFixtures.publish(registry, temp, dir, RefusingModelLoader.MODEL_NAME, "data-3000");
        registry.setLatest(ModelVersion.parse("v0.2"));
    }

    @AfterEach
    void stop() {
        running.forEach(ServerProcess::close);
    }

    private ServerProcess replica(String id, String pollMs, Map<String, String> env) throws Exception {
        ServerProcess p = ServerProcess.start(ServerProcess.cli("--registry", root.toString(), "--port", "0", "--bind",
                "127.0.0.1", "--replica-id", id, "--fleet-poll-ms", pollMs), env, temp.resolve(id + ".log"));
        running.add(p);
        return p;
    }

    private static String primary(ServerProcess p) {
        return p.json("/rollout/status").get("rollout").get("primary_version").asText();
    }

    /** Polls until every replica satisfies {@code condition}, failing with what each one says at the deadline. */
    private static void awaitAll(List<ServerProcess> replicas, Predicate<ServerProcess> condition) {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        while (!replicas.stream().allMatch(condition)) {
            if (System.nanoTime() > deadline) {
                var says = new ArrayList<String>();
                replicas.forEach(r -> says.add(r.get("/rollout/status").body()));
                throw new AssertionError("Replicas did not converge within " + CONVERGE + ": " + says);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static JsonNode fleetEntry(ServerProcess p, String replicaId) {
        for (JsonNode r : p.json("/rollout/status").get("fleet").get("replicas")) {
            if (r.get("replica_id").asText().equals(replicaId)) {
                return r;
            }
        }
        return null;
    }

    @Test
    void aSwitchOnOneIsServedByAllALateReplicaJoinsAndAUserGetsTheSameVariantEverywhere() throws Exception {
        // the default poll interval (1 s)
        ServerProcess a = replica("a", DEFAULT_POLL, Map.of());
        ServerProcess b = replica("b", DEFAULT_POLL, Map.of());
        ServerProcess c = replica("c", DEFAULT_POLL, Map.of());
        List<ServerProcess> all = List.of(a, b, c);
        assertThat(all).allMatch(p -> primary(p).equals("v0.2"));

        assertThat(a.get("/switch?model=v0.1").statusCode()).isEqualTo(200);
        long switched = System.nanoTime();
        awaitAll(all, p -> primary(p).equals("v0.1"));
        // a figure for docs/scale.md, not an assertion: the bound is one poll interval plus the load
        System.out.printf("fleet of 3 (poll %s ms) served the switch on all replicas %d ms after it was answered%n",
                DEFAULT_POLL, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - switched));
        // every replica's view of the fleet: three replicas on the stored generation
        awaitAll(all, p -> {
            JsonNode f = p.json("/rollout/status").get("fleet");
            return f.get("converged").asBoolean() && f.get("replicas").size() == 3;
        });

        // a canary set on another replica, then a replica started later joins the current state
        assertThat(b.post("/rollout/update", "{\"strategy\": \"canary\", \"canary_version\": \"v0.2\","
                + " \"canary_percentage\": 30}").statusCode()).isEqualTo(200);
        ServerProcess d = replica("d", DEFAULT_POLL, Map.of());
        List<ServerProcess> four = List.of(a, b, c, d);
        awaitAll(four, p -> p.json("/rollout/status").get("rollout").get("strategy").asText().equals("canary"));
        assertThat(d.json("/rollout/status").get("rollout").get("canary_percentage").asDouble()).isEqualTo(30.0);

        // bucketing is a pure function of user id and salt: the same variant and version on every replica
        var variants = new HashSet<String>();
        for (int user = 0; user < 200; user++) {
            Map<String, String> seen = new HashMap<>();
            for (ServerProcess p : four) {
                JsonNode r = p.json("/recommend/" + user + "?k=3");
                seen.put(p.toString(), r.get("variant").asText() + "/" + r.get("model").asText());
            }
            assertThat(new HashSet<>(seen.values())).as("user %d on four replicas", user).hasSize(1);
            variants.addAll(seen.values());
        }
        assertThat(variants).containsExactlyInAnyOrder("primary/v0.1", "canary/v0.2");
    }

    @Test
    void concurrentSwitchesEndWithOneWinnerAndTheLoserGets409WithTheStoredState() throws Exception {
        ServerProcess a = replica("a", FAST_POLL, Map.of());
        ServerProcess b = replica("b", FAST_POLL, Map.of());
        // c polls slowly, so a change made elsewhere is stored but not yet applied there
        ServerProcess c = replica("c", "20000", Map.of());
        List<ServerProcess> all = List.of(a, b, c);

        var go = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> toV1 = CompletableFuture.supplyAsync(() -> {
            await(go);
            return a.get("/switch?model=v0.1");
        });
        CompletableFuture<HttpResponse<String>> toV2 = CompletableFuture.supplyAsync(() -> {
            await(go);
            // valid whichever change is applied first
            return b.post("/rollout/update", "{\"strategy\": \"canary\", \"canary_version\": \"v0.3\","
                    + " \"canary_percentage\": 50}");
        });
        go.countDown();
        List<HttpResponse<String>> answers = List.of(toV1.get(60, TimeUnit.SECONDS), toV2.get(60, TimeUnit.SECONDS));
        assertThat(answers).extracting(HttpResponse::statusCode).allMatch(s -> s == 200 || s == 409).contains(200);
        for (HttpResponse<String> r : answers) {
            if (r.statusCode() == 409) {
                JsonNode body = ServerProcess.parse(r.body());
                assertThat(body.get("error").asText()).isEqualTo("state_conflict");
                assertThat(body.get("current").get("generation").asLong()).isPositive();
            }
        }
        // c has not applied the stored change yet: its own change loses, deterministically
        HttpResponse<String> lost = c.get("/switch?model=v0.2");
        assertThat(lost.statusCode()).as(lost.body()).isEqualTo(409);
        JsonNode current = ServerProcess.parse(lost.body()).get("current");
        JsonNode stored = ServerProcess.parse(Files.readString(root.resolve("serving_state.json")));
        assertThat(current.get("generation").asLong()).isEqualTo(stored.get("generation").asLong());
        assertThat(current.get("primary_version").asText()).isEqualTo(stored.get("primary_version").asText());

        // all three converge on the stored state
        String winner = stored.get("primary_version").asText();
        String strategy = stored.get("strategy").asText();
        awaitAll(all, p -> {
            JsonNode r = p.json("/rollout/status").get("rollout");
            return r.get("primary_version").asText().equals(winner) && r.get("strategy").asText().equals(strategy);
        });
        // and once c has caught up, its change goes through
        assertThat(c.get("/switch?model=v0.2").statusCode()).isEqualTo(200);
        awaitAll(List.of(a, b), p -> primary(p).equals("v0.2"));
    }

    @Test
    void aReplicaThatCannotLoadTheNewVersionKeepsServingAndEveryReplicaShowsIt() throws Exception {
        ServerProcess a = replica("a", FAST_POLL, Map.of());
        ServerProcess b = replica("b", FAST_POLL, Map.of());
        ServerProcess c = replica("c", FAST_POLL, Map.of(RefusingModelLoader.REFUSE_VARIABLE, "true"));
        List<ServerProcess> all = List.of(a, b, c);

        assertThat(a.get("/switch?model=v0.3").statusCode()).isEqualTo(200);
        awaitAll(List.of(a, b), p -> primary(p).equals("v0.3"));
        awaitAll(all, p -> {
            JsonNode entry = fleetEntry(p, "c");
            return entry != null && !entry.get("ready").asBoolean();
        });
        // c keeps serving what it served, is not ready, and says why; the others are unaffected
        assertThat(primary(c)).isEqualTo("v0.2");
        assertThat(c.json("/recommend/7?k=3").get("model").asText()).isEqualTo("v0.2");
        HttpResponse<String> notReady = c.get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).contains("behind the fleet").contains("v0.3").doesNotContain(temp.toString());
        assertThat(a.get("/readyz").statusCode()).isEqualTo(200);
        assertThat(b.get("/readyz").statusCode()).isEqualTo(200);
        for (ServerProcess p : all) {
            JsonNode fleet = p.json("/rollout/status").get("fleet");
            assertThat(fleet.get("converged").asBoolean()).isFalse();
            JsonNode entry = fleetEntry(p, "c");
            assertThat(entry.get("primary_version").asText()).isEqualTo("v0.2");
            assertThat(entry.get("error").asText()).contains("cannot apply generation");
            assertThat(fleetEntry(p, "a").get("primary_version").asText()).isEqualTo("v0.3");
        }

        // switching the fleet to a version c can load brings it back
        assertThat(b.get("/switch?model=v0.1").statusCode()).isEqualTo(200);
        awaitAll(all, p -> primary(p).equals("v0.1") && p.get("/readyz").statusCode() == 200);
        awaitAll(all, p -> p.json("/rollout/status").get("fleet").get("converged").asBoolean());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
