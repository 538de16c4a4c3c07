package io.recsys.examples.cli;

import io.recsys.als.AlsHyperparameters;
import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.Interactions;
import io.recsys.als.data.RatingsFormat;
import io.recsys.als.data.OnMalformed;
import io.recsys.als.data.SyntheticData;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The one-command demo: synthetic data, two ALS versions, a registry, and a server with a 10%
 * canary, plus a tour of curl commands that work as printed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train two ALS versions on built-in synthetic data, publish them, and serve v0.1 with v0.2 as a 10%% canary"
                + " (unless the environment chooses a rollout: the demo reads every variable serve reads).")
final class DemoCommand implements Callable<Integer> {
    private static final String MARKER = ".recsys-demo";

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--dir", defaultValue = ".recsys/demo", paramLabel = "DIR",
            description = "Working directory for data, artifacts, registry and logs; recreated on each run (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--users", defaultValue = "6040", description = "Synthetic users (default: ${DEFAULT-VALUE}, MovieLens-1M's shape)")
    int users;

    @Option(names = "--items", defaultValue = "3706", description = "Synthetic items (default: ${DEFAULT-VALUE})")
    int items;

    @Option(names = "--interactions", defaultValue = "1000209", description = "Synthetic interactions (default: ${DEFAULT-VALUE})")
    int interactions;

    @Option(names = "--no-serve", description = "Prepare the registry and exit without serving")
    boolean noServe;

    @Option(names = "--analysed-canary", description = "Train on all but each user's latest rating, start v0.2 as an"
            + " analysed canary with short steps, and drive it with the traffic simulator replaying the held-out ratings")
    boolean analysedCanary;

    @Mixin
    KafkaServeOptions kafka = new KafkaServeOptions();

    /** The environment, read as {@code serve} reads it ({@link ServeEnvironment}); tests set their own. */
    Map<String, String> env = System.getenv();

    /** What {@link #prepare()} built. */
    record Prepared(Path registry, RegisteredVersion first, RegisteredVersion second, ServerOptions options,
                    Map<String, String> env, Map<Long, Long> heldOut) {
    }

    @Override
    public Integer call() throws IOException {
        Prepared p = prepare();
        if (noServe) {
            System.out.println("registry ready: " + p.registry() + " (" + p.first().version() + ", " + p.second().version() + ")");
            return 0;
        }
        if (analysedCanary) {
            return RecsysCli.serveUntilStopped(p.options(), p.env(), server -> {
                AnalysedCanaryDemo.start(server, p.second().version().toString(), p.heldOut());
                printWatch(server.port(), server.adminKeyFile(), p);
            });
        }
        return RecsysCli.serveUntilStopped(p.options(), p.env(), server -> printTour(server, p));
    }

    /** Generates data, trains and publishes both versions; returns how to serve them. */
    Prepared prepare() throws IOException {
        // the environment's settings, as serve takes them; bad Kafka settings fail here, before training
        ServerOptions.Builder fromEnv = ServeEnvironment.builder(dir.resolve("model_registry"), env, null, null, kafka);
        prepareDirectory();
        Path ratings = dir.resolve("data/ratings.csv");
        System.out.printf("generating synthetic ratings (%d users, %d items, %d interactions) -> %s%n", users, items,
                interactions, ratings);
        Interactions all = SyntheticData.ofShape(users, items, interactions).generate();
        writeCsv(all, ratings);
        Map<Long, Long> heldOut = Map.of();
        Path trainOn = ratings;
        if (analysedCanary) {
            // the offline protocol online: models never see each user's latest rating, the simulator replays it
            LeaveLastOut split = LeaveLastOut.split(all);
            heldOut = split.heldOut();
            trainOn = dir.resolve("data/train.csv");
            writeCsv(split.train(), trainOn);
            System.out.printf("held out each user's latest rating: %d users -> %s%n", heldOut.size(), trainOn);
        }

        var registry = new FileSystemModelRegistry(dir.resolve("model_registry"));
        // v0.1: a smaller, quicker model; v0.2: the library defaults. Same data, two hyperparameter sets.
        AlsHyperparameters v1 = AlsHyperparameters.builder().factors(32).iterations(10).build();
        AlsHyperparameters v2 = AlsHyperparameters.defaults();
        RegisteredVersion first = trainAndPublish(registry, trainOn, v1, "demo-v1", "artifacts/v1");
        RegisteredVersion second = trainAndPublish(registry, trainOn, v2, "demo-v2", "artifacts/v2");
        // The demo's canary is a default: a rollout the environment chooses wins, exactly as under serve.
        ServerOptions.InitialRollout rollout = analysedCanary
                ? new ServerOptions.InitialRollout(first.version().toString(), "fixed", null, null, null)
                : ServeEnvironment.choosesRollout(env) ? ServerOptions.InitialRollout.FROM_ENVIRONMENT
                : new ServerOptions.InitialRollout(first.version().toString(), "canary", second.version().toString(), 10.0, null);
        ServerOptions options = fromEnv.port(port).bindAddress("127.0.0.1")
                .provenanceLog(dir.resolve("logs")).resetState(true).rollout(rollout)
                .build();
        return new Prepared(registry.root(), first, second, options, env, heldOut);
    }

    private RegisteredVersion trainAndPublish(FileSystemModelRegistry registry, Path ratings, AlsHyperparameters hp,
                                              String modelVersion, String artifacts) throws IOException {
        System.out.printf("training %s (%d factors, %d iterations)%n", modelVersion, hp.factors(), hp.iterations());
        // model null: the sequence-aware hybrid, as the generated ratings carry timestamps.
        var result = TrainingPipeline.run(new TrainingPipeline.Spec(ratings, RatingsFormat.MOVIELENS_CSV, OnMalformed.FAIL,
                hp, dir.resolve(artifacts), modelVersion, null, null, false, 10, null,
                io.recsys.als.SequenceHyperparameters.defaults(), null, 1), System.out);
        RegisteredVersion v = RecsysCli.export(registry, result.artifactDir(), "als", ratings, false, true);
        System.out.println("published " + v.version() + " to " + registry.root());
        return v;
    }

    private void prepareDirectory() throws IOException {
        if (Files.exists(dir)) {
            if (!Files.exists(dir.resolve(MARKER))) {
                throw new IllegalArgumentException(dir + " exists and was not made by the demo; choose another --dir");
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "created by ./recsys demo; deleted and recreated on each run\n");
    }

    static void writeCsv(Interactions data, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        CsrMatrix m = data.byUser();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("userId,movieId,rating,timestamp\n");
            for (int u = 0; u < m.rows(); u++) {
                long user = data.users().id(u);
                for (int p = m.start(u); p < m.end(u); p++) {
                    w.write(user + "," + data.items().id(m.column(p)) + "," + formatRating(m.value(p)) + ","
                            + (m.hasTimestamps() ? m.timestamp(p) : 0) + "\n");
                }
            }
        }
    }

    private static String formatRating(float r) {
        return r == Math.rint(r) ? Integer.toString((int) r) : Float.toString(r);
    }

    /**
     * @param keyFile the server's generated admin key file (admin commands read the key from it), or null
     *     when the key came from {@code MODEL_ADMIN_API_KEY}
     * @return the curl tour, each line a command that works as printed against the running demo
     */
    static java.util.List<String> tour(int port, Path keyFile, Prepared p) {
        String base = "http://127.0.0.1:" + port;
        String v1 = p.first().version().toString();
        String v2 = p.second().version().toString();
        var lines = new java.util.ArrayList<String>();
        String auth = " -H \"X-API-Key: $key\"";
        lines.add("  curl -s '" + base + "/recommend/42?k=5'");
        lines.add("  curl -si '" + base + "/recommend/7?k=5' | grep -i '^x-'          # provenance headers");
        lines.add("  curl -s '" + base + "/healthz'");
        lines.add("  curl -s '" + base + "/rollout/status'");
        lines.add("  id=$(curl -s -D - -o /dev/null '" + base + "/recommend/42' | tr -d '\\r' | awk -F': ' 'tolower($1)==\"x-request-id\"{print $2}')");
        lines.add("  curl -s \"" + base + "/trace/$id\"");
        lines.add("  curl -s -X POST '" + base + "/feedback' -H 'Content-Type: application/json' -d '{\"user_id\": 42, \"item_id\": 1, \"event\": \"click\"}'");
        lines.add(keyFile == null ? "  key=\"$MODEL_ADMIN_API_KEY\"                      # the admin key from the environment"
                : "  key=$(cat '" + keyFile + "')                       # the admin key the server generated (mode 0600)");
        lines.add("  curl -s -X POST" + auth + " '" + base + "/rollout/update?canary_percentage=50'");
        lines.add("  curl -s -X POST" + auth + " '" + base + "/rollout/update?strategy=ab_test&canary_version=" + v2 + "'");
        lines.add("  for u in $(seq 1 2000); do curl -s -o /dev/null '" + base + "/recommend/'$u; done");
        lines.add("  curl -s '" + base + "/experiment/analyze?time_window_minutes=120'");
        lines.add("  curl -s '" + base + "/metrics' | grep -E '^(recommend_requests_total|model_version_info|ab_test_requests_total)'");
        lines.add("  curl -s" + auth + " '" + base + "/switch?model=" + v2 + "'     # promote: the rollout becomes fixed");
        lines.add("  curl -s" + auth + " '" + base + "/switch?model=" + v1 + "'     # emergency rollback");
        lines.add("  ./recsys verify --registry " + p.registry() + " --version " + v2);
        return lines;
    }

    /** @return what the demo serves, as the rollout in force says (the environment may have chosen it) */
    static String describe(io.recsys.core.RolloutStatus s) {
        return "recsys demo is serving " + s.primaryVersion() + (s.canaryVersion() == null ? "" : switch (s.strategy()) {
            case "canary" -> " with " + s.canaryVersion() + " as a " + percent(s.canaryPercentage()) + " canary";
            case "ab_test" -> " and " + s.canaryVersion() + " as an A/B test";
            case "shadow" -> " with " + s.canaryVersion() + " in shadow";
            default -> "";
        }) + " (" + s.strategy() + ")";
    }

    private static String percent(double p) {
        return (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)) + "%";
    }

    private void printWatch(int boundPort, Path keyFile, Prepared p) {
        System.out.println();
        System.out.println("recsys demo is serving " + p.first().version() + " with " + p.second().version()
                + " as an analysed canary on http://127.0.0.1:" + boundPort + " (steps " + AnalysedCanaryDemo.PLAN.steps()
                + " %, at least " + AnalysedCanaryDemo.PLAN.minStepDuration().toSeconds() + " s and "
                + AnalysedCanaryDemo.PLAN.minUsersPerStep() + " users per arm each)");
        System.out.println("the simulator replays " + p.heldOut().size() + " users' held-out ratings at 100 requests/s;"
                + " the analysis advances, promotes or rolls back on its own. Watch (Ctrl-C stops the server):");
        AnalysedCanaryDemo.watch(boundPort, keyFile, dir.resolve("logs").resolve("switch_events.jsonl"))
                .forEach(System.out::println);
        System.out.flush();
    }

    private void printTour(RecsysServer server, Prepared p) {
        int boundPort = server.port();
        Path keyFile = server.adminKeyFile();
        System.out.println();
        System.out.println(describe(server.service().rolloutStatus()) + " on http://127.0.0.1:" + boundPort);
        System.out.println("registry: " + p.registry() + "   provenance log: " + dir.resolve("logs"));
        ServerOptions.KafkaSettings k = p.options().kafka();
        if (k != null) {
            System.out.println("kafka: predictions to topic " + k.predictionTopic()
                    + (k.eventTopic() == null ? "" : ", events from topic " + k.eventTopic() + " (dead letters to "
                    + k.eventTopic() + ".dlt)") + "   state: curl -s http://127.0.0.1:" + boundPort + "/healthz");
        }
        System.out.println(keyFile == null ? "admin key: MODEL_ADMIN_API_KEY from the environment (the tour reads it into $key)"
                : "admin key: in " + keyFile + " (only your user can read it; the tour reads it into $key)");
        System.out.println("Try (Ctrl-C stops the server):");
        tour(boundPort, keyFile, p).forEach(System.out::println);
        System.out.flush();
    }
}
