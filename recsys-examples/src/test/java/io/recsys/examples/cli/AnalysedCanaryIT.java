package io.recsys.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.als.AlsHyperparameters;
import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.Interactions;
import io.recsys.als.data.OnMalformed;
import io.recsys.als.data.RatingsFormat;
import io.recsys.als.data.SyntheticData;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import io.recsys.provenance.testing.SealedFixtures;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An analysed canary end to end: a real server, ALS models trained on synthetic data (leave-last-out),
 * and the traffic simulator replaying the held-out items as users. Each scenario is bounded in
 * requests; the analysis runs with sub-second steps, and the tests poll with deadlines.
 */
class AnalysedCanaryIT {
    private static final String KEY = "analysed-canary-admin-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_REQUESTS = 30_000;

    @TempDir
    static Path shared;

    @TempDir
    Path temp;

    private static Path ratings;
    private static Path allRatings;
    private static Path primaryArtifact;
    private static Path shuffledArtifact;
    private static Path flakyArtifact;
    private static Map<Long, Long> heldOut;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void train() throws IOException {
        // synthetic in the suite; -Drecsys.rolloutFigures.data=<ratings file> measures on real data (e.g. MovieLens)
        String data = System.getProperty("recsys.rolloutFigures.data");
        Interactions all = data == null ? SyntheticData.ofShape(3_000, 200, 60_000).generate()
                : io.recsys.als.data.RatingsReader.read(Path.of(data)).interactions();
        LeaveLastOut split = LeaveLastOut.split(all);
        heldOut = split.heldOut();
        allRatings = shared.resolve("all.csv");
        DemoCommand.writeCsv(all, allRatings);
        ratings = shared.resolve("train.csv");
        DemoCommand.writeCsv(split.train(), ratings);
        Path shuffled = shared.resolve("train-shuffled.csv");
        DemoCommand.writeCsv(shuffleItems(split.train(), 7), shuffled);
        var hp = AlsHyperparameters.builder().factors(16).iterations(8).build();
        primaryArtifact = trainAls(ratings, hp, "primary");
        shuffledArtifact = trainAls(shuffled, hp, "shuffled");
        // the primary's files without its training manifest, so it publishes under the failing loader's name
        flakyArtifact = Files.createDirectories(shared.resolve("artifacts-flaky"));
        try (var files = Files.list(primaryArtifact)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f) && !f.getFileName().toString().equals("model_manifest.json")) {
                    Files.copy(f, flakyArtifact.resolve(f.getFileName()));
                }
            }
        }
    }

    private static Path trainAls(Path data, AlsHyperparameters hp, String name) throws IOException {
        var quiet = new PrintStream(PrintStream.nullOutputStream());
        return TrainingPipeline.run(new TrainingPipeline.Spec(data, RatingsFormat.MOVIELENS_CSV, OnMalformed.FAIL, hp,
                shared.resolve("artifacts-" + name), name, null, null, false, 10), quiet).artifactDir();
    }

    /** The same users and counts, with item ids permuted at random: a model of it recommends noise. */
    private static Interactions shuffleItems(Interactions data, long seed) {
        CsrMatrix m = data.byUser();
        List<Long> items = new ArrayList<>();
        for (int i = 0; i < data.items().size(); i++) {
            items.add(data.items().id(i));
        }
        List<Long> permuted = new ArrayList<>(items);
        java.util.Collections.shuffle(permuted, new Random(seed));
        var b = Interactions.builder();
        for (int u = 0; u < m.rows(); u++) {
            for (int p = m.start(u); p < m.end(u); p++) {
                b.add(data.users().id(u), permuted.get(m.column(p)), m.value(p), m.hasTimestamps() ? m.timestamp(p) : 0);
            }
        }
        return b.build();
    }

    /**
     * How often each decision scenario runs (with another user order each time). 1 in the suite; the
     * figures in docs/rollout.md come from {@code -Drecsys.rolloutFigures.runs=5}.
     */
    private static final int RUNS = Integer.getInteger("recsys.rolloutFigures.runs", 1);

    private static void figure(String scenario, List<Long> requests) {
        var stats = requests.stream().mapToLong(Long::longValue).summaryStatistics();
        double mean = stats.getAverage();
        double sd = Math.sqrt(requests.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum()
                / Math.max(1, requests.size() - 1));
        System.out.printf(java.util.Locale.ROOT, "FIGURE %s: requests to the decision over %d runs: mean %.0f, sd %.0f,"
                + " min %d, max %d %s%n", scenario, requests.size(), mean, sd, stats.getMin(), stats.getMax(), requests);
    }

    private RecsysServer serve(String canaryModel, Path canaryArtifact) throws IOException {
        return serve(canaryModel, canaryArtifact, 0);
    }

    private RecsysServer serve(String canaryModel, Path canaryArtifact, int run) throws IOException {
        var registry = new FileSystemModelRegistry(temp.resolve("registry-" + run));
        RecsysCli.export(registry, primaryArtifact, "als", ratings, false, true);
        if (canaryModel.equals("als")) {
            RecsysCli.export(registry, canaryArtifact, canaryModel, ratings, false, false);
        } else {
            SealedFixtures.publish(registry, Files.createDirectories(temp.resolve("scratch")), canaryArtifact,
                    canaryModel, "synthetic-train");
        }
        return restart(registry.root());
    }

    private static RecsysServer restart(Path registry) throws IOException {
        return RecsysServer.start(ServerOptions.builder(registry).port(0).bindAddress("127.0.0.1").adminKey(KEY).build(),
                Map.of("MODEL_VERSION", "v0.1"));
    }

    private JsonNode post(RecsysServer server, String pathAndQuery) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + pathAndQuery)).header("X-API-Key", KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode status(RecsysServer server) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/rollout/status")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static String analysisStatus(RecsysServer server) {
        return server.service().rolloutStatus().strategy();
    }

    private static TrafficSimulator.Summary simulate(RecsysServer server, long maxRequests, BooleanSupplier stop)
            throws Exception {
        return simulate(server, maxRequests, stop, 11);
    }

    private static TrafficSimulator.Summary simulate(RecsysServer server, long maxRequests, BooleanSupplier stop,
            long seed) throws Exception {
        return new TrafficSimulator(new TrafficSimulator.Settings(URI.create("http://127.0.0.1:" + server.port()),
                heldOut, 10_000, Duration.ofSeconds(60), maxRequests, 10, 2, seed, false)).run(stop);
    }

    /** Drives traffic until the rollout is fixed again (promoted or rolled back); returns the traffic. */
    private static TrafficSimulator.Summary untilDecided(RecsysServer server, int run) throws Exception {
        return simulate(server, MAX_REQUESTS, () -> "fixed".equals(analysisStatus(server)), 11 + run);
    }

    private static final String START = "/rollout/update?analysis=true&canary_version=v0.2&steps=5,25,50,100"
            + "&step_seconds=0.3&min_users=20&interval_seconds=0.1";

    private List<JsonNode> decisions(RecsysServer server) throws IOException {
        Path log = ((FileSystemModelRegistry) server.service().registry()).root().resolve("switch_events.jsonl");
        var out = new ArrayList<JsonNode>();
        for (String line : Files.readAllLines(log)) {
            JsonNode n = JSON.readTree(line);
            if (n.path("status").asText().startsWith("analysis_")) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void aCanaryTrainedOnShuffledDataIsRolledBackAndNotServedAgain() throws Exception {
        var requests = new ArrayList<Long>();
        for (int run = 0; run < RUNS; run++) {
            requests.add(shuffledCanaryRun(run));
        }
        figure("shuffled-data canary rolled back", requests);
    }

    private long shuffledCanaryRun(int run) throws Exception {
        try (RecsysServer server = serve("als", shuffledArtifact, run)) {
            JsonNode started = post(server, START);
            assertThat(started.at("/analysis/status").asText()).isEqualTo("running");
            assertThat(started.at("/rollout/canary_percentage").asDouble()).isEqualTo(5.0);
            var traffic = untilDecided(server, run);
            System.out.println("shuffled-data canary: decided after " + traffic.requests() + " requests " + traffic.byVersion());
            JsonNode s = status(server);
            assertThat(s.at("/analysis/status").asText()).as(s.toString()).isEqualTo("rolled_back");
            assertThat(s.at("/rollout/strategy").asText()).isEqualTo("fixed");
            assertThat(s.at("/active_version").asText()).isEqualTo("v0.1");
            assertThat(s.at("/analysis/weight").asDouble()).isZero();
            List<JsonNode> log = decisions(server);
            JsonNode rollback = log.get(log.size() - 1);
            assertThat(rollback.path("status").asText()).isEqualTo("analysis_rollback");
            assertThat(rollback.at("/analysis/reason").asText()).contains("conversion: canary").contains("p=");
            System.out.println("rollback reason: " + rollback.at("/analysis/reason").asText());
            assertThat(rollback.at("/analysis/checks")).isNotEmpty();
            assertThat(traffic.requests()).isLessThan(MAX_REQUESTS);
            // every user, the canary's among them, is served the primary from now on
            var after = simulate(server, heldOut.size(), () -> false);
            assertThat(after.byVersion()).containsOnlyKeys("v0.1");
            assertThat(server.meters().scrape()).contains("rollout_analysis_decisions_total{decision=\"rollback\"} 1.0");
            return traffic.requests();
        }
    }

    @Test
    void anEqualCanaryWalksEveryStepAndIsPromoted() throws Exception {
        var requests = new ArrayList<Long>();
        for (int run = 0; run < RUNS; run++) {
            requests.add(equalCanaryRun(run));
        }
        figure("equal canary promoted", requests);
    }

    private long equalCanaryRun(int run) throws Exception {
        try (RecsysServer server = serve("als", primaryArtifact, run)) {
            post(server, START);
            var traffic = untilDecided(server, run);
            System.out.println("equal canary: decided after " + traffic.requests() + " requests " + traffic.byVersion());
            JsonNode s = status(server);
            assertThat(s.at("/analysis/status").asText()).as(s.toString()).isEqualTo("promoted");
            assertThat(s.at("/active_version").asText()).isEqualTo("v0.2");
            assertThat(decisions(server)).extracting(n -> n.path("status").asText()).containsExactly(
                    "analysis_advance", "analysis_advance", "analysis_advance", "analysis_promote");
            assertThat(decisions(server)).extracting(n -> n.at("/analysis/next_weight").asDouble())
                    .containsExactly(25.0, 50.0, 100.0, 100.0);
            assertThat(server.meters().scrape()).contains("rollout_analysis_decisions_total{decision=\"advance\"} 3.0")
                    .contains("rollout_analysis_weight 100.0");
            return traffic.requests();
        }
    }

    @Test
    void aCanaryThatFailsForSomeUsersIsRolledBackOnTheErrorCheck() throws Exception {
        var requests = new ArrayList<Long>();
        for (int run = 0; run < RUNS; run++) {
            requests.add(failingCanaryRun(run));
        }
        figure("failing canary rolled back", requests);
    }

    private long failingCanaryRun(int run) throws Exception {
        try (RecsysServer server = serve(FlakyAlsLoader.MODEL_NAME, flakyArtifact, run)) {
            post(server, START);
            var traffic = untilDecided(server, run);
            System.out.println("failing canary: decided after " + traffic.requests() + " requests, "
                    + traffic.failures() + " failed");
            assertThat(traffic.failures()).isPositive();
            JsonNode s = status(server);
            assertThat(s.at("/analysis/status").asText()).as(s.toString()).isEqualTo("rolled_back");
            String reason = s.at("/analysis/reason").asText();
            assertThat(reason).contains("error_rate: canary").doesNotContain("conversion:");
            return traffic.requests();
        }
    }

    @Test
    void aRestartInTheMiddleOfAStepResumesTheAnalysis() throws Exception {
        Path registry;
        JsonNode before;
        try (RecsysServer server = serve("als", primaryArtifact)) {
            registry = ((FileSystemModelRegistry) server.service().registry()).root();
            post(server, "/rollout/update?analysis=true&canary_version=v0.2&steps=5,25,50,100&step_seconds=0.2"
                    + "&min_users=20&interval_seconds=0.1");
            // traffic until the analysis reaches step 2, then none: step 2 waits for its users
            simulate(server, MAX_REQUESTS, () -> server.service().rolloutStatus().canaryPercentage() >= 25.0);
            before = pollUntil(server, s -> s.at("/analysis/step").asInt() == 2
                    && s.at("/analysis/last_decision/action").asText().equals("HOLD"));
            assertThat(Files.exists(registry.resolve("rollout_analysis.json"))).isTrue();
        }
        try (RecsysServer again = restart(registry)) {
            JsonNode s = pollUntil(again, x -> x.at("/analysis/last_decision").isObject());
            assertThat(s.at("/analysis/status").asText()).isEqualTo("running");
            assertThat(s.at("/analysis/step").asInt()).isEqualTo(2);
            assertThat(s.at("/rollout/canary_percentage").asDouble()).isEqualTo(25.0);
            assertThat(s.at("/analysis/step_started_at").asText()).isEqualTo(before.at("/analysis/step_started_at").asText());
            // the users the step had seen before the restart still count towards it
            assertThat(s.at("/analysis/last_decision/srm/canary_users").asLong())
                    .isGreaterThanOrEqualTo(before.at("/analysis/last_decision/srm/canary_users").asLong());
            // and it goes on to a decision with traffic
            simulate(again, MAX_REQUESTS, () -> "fixed".equals(analysisStatus(again)));
            assertThat(status(again).at("/analysis/status").asText()).isEqualTo("promoted");
        }
    }

    private HttpResponse<String> send(RecsysServer server, String method, String pathAndQuery, String key)
            throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSimulateCommandReplaysHeldOutRatingsAgainstAServer() throws Exception {
        try (RecsysServer server = serve("als", primaryArtifact)) {
            int exit = RecsysCli.run("simulate", "--server", "http://127.0.0.1:" + server.port(), "--ratings",
                    allRatings.toString(), "--max-requests", "300", "--rate", "5000", "--duration", "PT30S");
            assertThat(exit).isZero();
            var counters = server.experimentLog().counters();
            assertThat(counters.get(io.recsys.experiments.ExperimentLog.Counter.RECORDS)).isEqualTo(300);
            assertThat(counters.get(io.recsys.experiments.ExperimentLog.Counter.FEEDBACK_BY_REQUEST)).isPositive();
        }
    }

    @Test
    void pauseResumeAbortAreAdminRoutesAndAManualChangeEndsTheAnalysis() throws Exception {
        try (RecsysServer server = serve("als", primaryArtifact)) {
            assertThat(status(server).has("analysis")).isFalse();
            assertThat(send(server, "POST", "/rollout/analysis/pause", KEY).statusCode()).isEqualTo(404);
            var bad = send(server, "POST", "/rollout/update?analysis=true&canary_version=v0.2&steps=10,5", KEY);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("strictly increasing");
            assertThat(send(server, "POST", "/rollout/update?analysis=true&canary_version=v0.2&canary_percentage=5", KEY)
                    .body()).contains("give steps instead of canary_percentage");
            assertThat(send(server, "POST", "/rollout/update?canary_version=v0.2&step_seconds=1", KEY).body())
                    .contains("add analysis=true");
            assertThat(send(server, "POST", "/rollout/update?analysis=true&canary_version=v0.2&step_seconds=abc", KEY)
                    .statusCode()).isEqualTo(400);

            post(server, "/rollout/update?analysis=true&canary_version=v0.2&step_seconds=3600");
            assertThat(send(server, "POST", "/rollout/analysis/pause", null).statusCode()).isEqualTo(401);
            assertThat(post(server, "/rollout/analysis/pause").get("status").asText()).isEqualTo("paused");
            assertThat(send(server, "POST", "/rollout/analysis/pause", KEY).statusCode()).isEqualTo(409);
            assertThat(post(server, "/rollout/analysis/resume").get("status").asText()).isEqualTo("running");
            assertThat(post(server, "/rollout/analysis/abort").get("status").asText()).isEqualTo("aborted");
            assertThat(server.service().rolloutStatus().canaryPercentage()).isEqualTo(5.0);

            post(server, "/rollout/update?analysis=true&canary_version=v0.2&step_seconds=3600");
            post(server, "/rollout/update?canary_percentage=50");
            JsonNode s = status(server);
            assertThat(s.at("/analysis/status").asText()).isEqualTo("aborted");
            assertThat(s.at("/analysis/reason").asText()).contains("/rollout/update");
            assertThat(s.at("/rollout/canary_percentage").asDouble()).isEqualTo(50.0);
        }
    }

    @Test
    void anUnreadableStoredAnalysisStopsStartUpWithAMessage() throws Exception {
        Path registry;
        try (RecsysServer server = serve("als", primaryArtifact)) {
            registry = ((FileSystemModelRegistry) server.service().registry()).root();
        }
        Files.writeString(registry.resolve("rollout_analysis.json"), "{\"plan\": {\"steps\": [50, 10]}}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> restart(registry))
                .isInstanceOf(IOException.class).hasMessageContaining("rollout_analysis.json")
                .hasMessageContaining("not a valid analysis").hasMessageContaining("remove it");
    }

    private JsonNode pollUntil(RecsysServer server, java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode s = status(server);
        while (!done.test(s)) {
            assertThat(System.nanoTime()).as("deadline waiting for " + s).isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll every 20 ms up to the deadline
            s = status(server);
        }
        return s;
    }
}
