package io.recsys.benchmarks;

import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the example HTTP server on loopback over a registry of ALS versions at the synthetic
 * MovieLens-1M shape (3,706 items x 64 factors; {@link ServingFixture}), for the load scripts in
 * {@code benchmarks/http/}. It serves {@code v0.1} with {@code v0.<n>} (the last version) as a 10%
 * canary, with the example server's production sinks (trace store and an asynchronous JSON-lines
 * provenance log), and runs until it is stopped (SIGTERM or Ctrl-C close it gracefully).
 *
 * <p>Run (after {@code ./mvnw -q -DskipTests -pl benchmarks -am package}):
 * {@code java -cp benchmarks/target/benchmarks.jar io.recsys.benchmarks.ServeMain [--port 8080]
 * [--versions 4] [--sweeps 3] [--threads N] [--registry DIR] [--no-provenance-log]}. Without
 * {@code --registry} a temporary registry is made and deleted on exit; with it, an empty or absent
 * directory is filled, and an existing registry is served as it is.
 */
public final class ServeMain {

    private ServeMain() {
    }

    /**
     * @param args options, see the class comment
     * @throws Exception when the registry cannot be made or the port bound
     */
    public static void main(String[] args) throws Exception {
        int port = 8080;
        int versions = 4;
        int sweeps = ServingFixture.DEFAULT_SWEEPS;
        int threads = 0;
        Path registryDir = null;
        boolean provenanceLog = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--versions" -> versions = Integer.parseInt(args[++i]);
                case "--sweeps" -> sweeps = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--registry" -> registryDir = Path.of(args[++i]);
                case "--no-provenance-log" -> provenanceLog = false;
                case "-h", "--help" -> {
                    System.out.println("usage: ServeMain [--port 8080] [--versions 4] [--sweeps 3] [--threads N]"
                            + " [--registry DIR] [--no-provenance-log]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (versions < 2) {
            throw new IllegalArgumentException("--versions must be at least 2 (a primary and a canary)");
        }
        boolean temporary = registryDir == null;
        Path root = temporary ? Files.createTempDirectory("recsys-serve-registry") : registryDir;
        boolean fresh = !Files.isDirectory(root) || isEmpty(root);
        if (fresh) {
            ServingFixture.create(root, versions, sweeps, Math.max(1, Runtime.getRuntime().availableProcessors()));
        }
        Path logDir = provenanceLog ? Files.createTempDirectory("recsys-serve-provenance") : null;
        ServerOptions options = ServerOptions.builder(root).bindAddress("127.0.0.1").port(port)
                .resetState(true).provenanceLog(logDir).build();
        if (threads > 0) {
            options = options.toBuilder().threads(threads).build();
        }
        Map<String, String> env = fresh
                ? Map.of("MODEL_VERSION", "v0.1", "ROLLOUT_STRATEGY", "canary",
                        "CANARY_VERSION", "v0." + versions, "CANARY_PERCENTAGE", "10")
                : Map.of();
        RecsysServer server = RecsysServer.start(options, env);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            try {
                if (logDir != null) {
                    ServingFixture.deleteRecursively(logDir);
                }
                if (temporary) {
                    ServingFixture.deleteRecursively(root);
                }
            } catch (java.io.IOException e) {
                System.err.println("could not clean up: " + e);
            }
            stopped.countDown();
        }, "serve-main-shutdown"));
        System.out.printf(Locale.ROOT, "ready: http://127.0.0.1:%d (registry %s, rollout %s, %d handler threads)%n",
                server.port(), root, server.service().rolloutStatus(), options.threads());
        System.out.flush();
        stopped.await();
    }

    private static boolean isEmpty(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
