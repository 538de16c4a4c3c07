package io.recsys.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Replays held-out interactions as users against a running server: the offline leave-last-out
 * protocol, online. Each request asks {@code /recommend/{user}} for a user who has a held-out item;
 * when that item is among the answer, the simulator posts a {@code convert} feedback with the
 * request's id. Users come in a shuffled order (seeded), cycling when all were seen. A worse model
 * converts visibly less, so a rollout analysis can tell.
 *
 * <p>Bounded: at most {@code maxRequests} requests, for at most {@code duration}, at most
 * {@code ratePerSecond} (paced by a shared schedule, not bursts). Loopback servers only unless
 * {@code allowRemote}: a load generator pointed at someone else's server by a typo is an attack.
 */
final class TrafficSimulator {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to replay and how hard. */
    record Settings(URI server, Map<Long, Long> heldOut, double ratePerSecond, Duration duration, long maxRequests,
                    int k, int threads, long seed, boolean allowRemote) {
        Settings {
            if (heldOut.isEmpty()) {
                throw new IllegalArgumentException("no user has a held-out interaction (each needs at least 2 ratings)");
            }
            if (!(ratePerSecond > 0 && ratePerSecond <= 10_000)) {
                throw new IllegalArgumentException("--rate must be in (0, 10000] requests per second, was " + ratePerSecond);
            }
            if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(24)) > 0) {
                throw new IllegalArgumentException("--duration must be positive and at most 24 hours, was " + duration);
            }
            if (maxRequests < 1) {
                throw new IllegalArgumentException("--max-requests must be at least 1, was " + maxRequests);
            }
            if (k < 1 || k > 1000) {
                throw new IllegalArgumentException("--k must be in [1, 1000], was " + k);
            }
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("--threads must be in [1, 64], was " + threads);
            }
            String scheme = server.getScheme();
            if (server.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
                throw new IllegalArgumentException("--server must be an http(s) URL such as http://127.0.0.1:8080, was "
                        + server);
            }
        }
    }

    /** Per served version: requests and conversions (held-out item recommended). */
    record VersionCounts(long requests, long conversions) {
        double conversionRate() {
            return requests == 0 ? 0.0 : (double) conversions / requests;
        }
    }

    /** What a run did. */
    record Summary(long requests, long failures, long conversions, long feedbackRejected,
                   Map<String, VersionCounts> byVersion, Duration elapsed) {
    }

    private final Settings settings;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TrafficSimulator(Settings settings) throws IOException {
        this.settings = settings;
        if (!settings.allowRemote()) {
            for (InetAddress a : InetAddress.getAllByName(settings.server().getHost())) {
                if (!a.isLoopbackAddress()) {
                    throw new IllegalArgumentException("--server " + settings.server().getHost() + " is not a loopback"
                            + " address; the simulator only loads loopback servers unless --allow-remote");
                }
            }
        }
    }

    /**
     * Runs until the request or time budget is spent, or {@code stop} says so (checked before each request).
     *
     * @return what happened
     */
    Summary run(BooleanSupplier stop) throws InterruptedException {
        List<Long> users = new ArrayList<>(settings.heldOut().keySet());
        Collections.sort(users);
        Collections.shuffle(users, new Random(settings.seed()));
        long start = System.nanoTime();
        long deadline = start + settings.duration().toNanos();
        long spacing = (long) (1e9 / settings.ratePerSecond());
        AtomicLong nextSlot = new AtomicLong(start);
        AtomicLong issued = new AtomicLong();
        LongAdder failures = new LongAdder();
        LongAdder conversions = new LongAdder();
        LongAdder rejected = new LongAdder();
        Map<String, LongAdder[]> byVersion = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "recsys-simulate");
            t.setDaemon(true);
            return t;
        });
        for (int t = 0; t < settings.threads(); t++) {
            pool.execute(() -> {
                while (true) {
                    long n = issued.getAndIncrement();
                    if (n >= settings.maxRequests() || stop.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    long slot = nextSlot.getAndAdd(spacing);
                    long wait = slot - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (System.nanoTime() >= deadline) {
                        return;
                    }
                    long user = users.get((int) (n % users.size()));
                    visit(user, settings.heldOut().get(user), failures, conversions, rejected, byVersion);
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(settings.duration().toSeconds() + 30, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        var versions = new TreeMap<String, VersionCounts>();
        byVersion.forEach((v, c) -> versions.put(v, new VersionCounts(c[0].sum(), c[1].sum())));
        long served = versions.values().stream().mapToLong(VersionCounts::requests).sum();
        return new Summary(served + failures.sum(), failures.sum(), conversions.sum(), rejected.sum(), versions,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private void visit(long user, long heldOutItem, LongAdder failures, LongAdder conversions, LongAdder rejected,
                       Map<String, LongAdder[]> byVersion) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(settings.server().resolve("/recommend/" + user
                    + "?k=" + settings.k())).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                failures.increment();
                return;
            }
            JsonNode body = JSON.readTree(r.body());
            String version = body.path("model").asText("unknown");
            LongAdder[] counts = byVersion.computeIfAbsent(version, v -> new LongAdder[] {new LongAdder(), new LongAdder()});
            counts[0].increment();
            boolean hit = false;
            for (JsonNode item : body.path("items")) {
                if (item.asLong() == heldOutItem) {
                    hit = true;
                    break;
                }
            }
            if (!hit) {
                return;
            }
            counts[1].increment();
            conversions.increment();
            String requestId = r.headers().firstValue("X-Request-ID").orElse(null);
            String feedback = "{\"user_id\":" + user + ",\"item_id\":" + heldOutItem + ",\"event\":\"convert\""
                    + (requestId == null ? "" : ",\"request_id\":" + JSON.writeValueAsString(requestId)) + "}";
            int status = client.send(HttpRequest.newBuilder(settings.server().resolve("/feedback"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(feedback)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status / 100 != 2) {
                rejected.increment();
            }
        } catch (IOException e) {
            failures.increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
