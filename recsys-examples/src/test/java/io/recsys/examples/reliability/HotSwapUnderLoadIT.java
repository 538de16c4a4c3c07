package io.recsys.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.provenance.testing.SealedFixtures;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Availability during version changes: 8 client threads keep requesting over loopback HTTP while
 * the primary version is switched 200 times, the rollout is changed 200 times and new versions
 * are published into the registry. Every answer must be a 200 whose items come from the version
 * named in {@code X-Model-Version} (each fixture version owns its own item id range).
 */
class HotSwapUnderLoadIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 8;
    private static final int SWITCHES = 200;
    private static final int ROLLOUT_UPDATES = 200;
    private static final int PUBLISHES = 8;
    private static final int ITEMS = 40;

    @TempDir
    Path temp;

    /** Version name to the first item id of its range. */
    private final Map<String, Long> itemBase = new ConcurrentHashMap<>();
    /** Versions the switcher may make primary, and versions the rollout thread may make canary. */
    private final List<String> primaries = new CopyOnWriteArrayList<>();
    private final List<String> canaries = new CopyOnWriteArrayList<>();

    private RegisteredVersion publish(FileSystemModelRegistry registry, long base) throws Exception {
        RegisteredVersion v = SealedFixtures.publishPopularity(registry, temp, base, ITEMS, 200);
        itemBase.put(v.version().toString(), base);
        return v;
    }

    @Test
    void everyRequestSucceedsAndIsConsistentWhileVersionsChange() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        for (int i = 1; i <= 4; i++) {
            String v = publish(registry, 10_000L * i).version().toString();
            (i <= 2 ? primaries : canaries).add(v);
        }
        try (RecsysServer server = Loopback.start(ServerOptions.builder(registry.root()).traceCapacity(10_000).build(),
                Map.of("MODEL_VERSION", "v0.1"))) {
            HttpClient client = Loopback.client();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong ok = new AtomicLong();
            var failures = new ConcurrentLinkedQueue<String>();
            Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
            Set<String> variantsSeen = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 3);
            try {
                var load = new ArrayList<Future<?>>();
                for (int c = 0; c < CLIENTS; c++) {
                    long seed = c;
                    load.add(pool.submit(() -> {
                        var rnd = new Random(seed);
                        while (!stop.get()) {
                            long user = rnd.nextInt(400);
                            try {
                                HttpResponse<String> r = Loopback.get(client, server, "/recommend/" + user + "?k=5");
                                String problem = check(r, versionsSeen, variantsSeen);
                                if (problem == null) {
                                    ok.incrementAndGet();
                                } else {
                                    failures.add(problem);
                                }
                            } catch (Exception e) {
                                failures.add("request failed: " + e);
                            }
                        }
                        return null;
                    }));
                }
                Future<Integer> switcher = pool.submit(() -> {
                    var rnd = new Random(42);
                    int done = 0;
                    for (int i = 0; i < SWITCHES; i++) {
                        String v = primaries.get(rnd.nextInt(primaries.size()));
                        HttpResponse<String> r = Loopback.get(client, server, "/switch?model=" + v);
                        if (r.statusCode() == 200 && JSON.readTree(r.body()).path("model_version").asText().equals(v)) {
                            done++;
                        } else {
                            failures.add("switch to " + v + ": " + r.statusCode() + " " + r.body());
                        }
                    }
                    return done;
                });
                Future<Integer> rollouts = pool.submit(() -> {
                    var rnd = new Random(7);
                    int done = 0;
                    for (int i = 0; i < ROLLOUT_UPDATES; i++) {
                        String canary = canaries.get(rnd.nextInt(canaries.size()));
                        String query = switch (i % 4) {
                            case 0 -> "strategy=canary&canary_version=" + canary + "&canary_percentage=" + (1 + rnd.nextInt(99));
                            case 1 -> "strategy=ab_test&canary_version=" + canary;
                            case 2 -> "strategy=shadow&canary_version=" + canary;
                            default -> "strategy=fixed";
                        };
                        HttpResponse<String> r = Loopback.post(client, server, "/rollout/update?" + query, "");
                        if (r.statusCode() == 200) {
                            done++;
                        } else {
                            failures.add("rollout update " + query + ": " + r.statusCode() + " " + r.body());
                        }
                    }
                    return done;
                });
                Future<Integer> publisher = pool.submit(() -> {
                    for (int i = 0; i < PUBLISHES; i++) {
                        String v = publish(registry, 100_000L + 10_000L * i).version().toString();
                        (i % 2 == 0 ? primaries : canaries).add(v);
                    }
                    return PUBLISHES;
                });

                assertThat(switcher.get(90, TimeUnit.SECONDS)).isEqualTo(SWITCHES);
                assertThat(rollouts.get(90, TimeUnit.SECONDS)).isEqualTo(ROLLOUT_UPDATES);
                assertThat(publisher.get(90, TimeUnit.SECONDS)).isEqualTo(PUBLISHES);
                stop.set(true);
                for (Future<?> f : load) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                stop.set(true);
                pool.shutdownNow();
                assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }

            List<String> series = Loopback.series(client, server);
            System.out.printf("HotSwapUnderLoad: %d consistent answers, %d failures, versions seen %s, variants %s%n",
                    ok.get(), failures.size(), versionsSeen.size(), variantsSeen);
            assertThat(failures).as("failed or inconsistent answers").isEmpty();
            assertThat(ok.get()).as("answers during the changes").isGreaterThan(1000);
            assertThat(versionsSeen).as("versions that answered during the run").hasSizeGreaterThan(3);
            assertThat(variantsSeen).contains("primary", "canary", "A", "B");
            assertThat(registry.versions()).hasSize(4 + PUBLISHES);
            double switched = series.stream().filter(l -> l.startsWith("model_switches_total{")
                    && l.contains("status=\"success\"")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
            assertThat(switched).isEqualTo(SWITCHES);
            assertThat(series).noneMatch(l -> l.startsWith("recommend_requests_total{") && l.contains("status=\"5"));
        }
    }

    /** @return null when the answer is a consistent 200, else what is wrong with it */
    private String check(HttpResponse<String> r, Set<String> versionsSeen, Set<String> variantsSeen) throws Exception {
        if (r.statusCode() != 200) {
            return "status " + r.statusCode() + ": " + r.body();
        }
        String header = r.headers().firstValue("X-Model-Version").orElse(null);
        JsonNode body = JSON.readTree(r.body());
        String model = body.path("model").asText();
        Long base = header == null ? null : itemBase.get(header);
        if (base == null || !header.equals(model)) {
            return "X-Model-Version " + header + " but body model " + model;
        }
        JsonNode items = body.path("items");
        if (items.size() != 5) {
            return "expected 5 items from " + header + ", got " + items;
        }
        for (JsonNode item : items) {
            long id = item.asLong();
            if (id < base || id >= base + ITEMS) {
                return "item " + id + " is not from " + header + " [" + base + ", " + (base + ITEMS) + ")";
            }
        }
        versionsSeen.add(header);
        variantsSeen.add(body.path("variant").asText());
        return null;
    }
}
