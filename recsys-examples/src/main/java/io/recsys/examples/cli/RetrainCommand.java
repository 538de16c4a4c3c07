package io.recsys.examples.cli;

import io.recsys.core.RegisteredVersion;
import io.recsys.core.registry.FileSystemModelRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Train, publish, and optionally roll out: the job a scheduler or CI runs (see
 * {@code docs/ci/retrain.yml}). Exit code 0 only when every step succeeded.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Train on fresh data, publish the next version, and optionally switch to it or start a canary on a running server.")
final class RetrainCommand implements Callable<Integer> {
    @Mixin
    AlsOptions als;

    @Option(names = "--registry", required = true, paramLabel = "DIR", description = "Model registry directory")
    Path registry;

    @Option(names = {"--work-dir", "--output_dir", "--output-dir"}, paramLabel = "DIR",
            description = "Where to write the artifacts before publishing (default: a temporary directory)")
    Path workDir;

    @Option(names = "--evaluate", description = "Evaluate (leave-last-out) and record HR/NDCG in meta.json")
    boolean evaluate;

    @Option(names = "--server", paramLabel = "URL",
            description = "A running server to roll the new version out on, e.g. http://127.0.0.1:8080 (admin key from MODEL_ADMIN_API_KEY)")
    String server;

    @ArgGroup(exclusive = true)
    Rollout rollout;

    static final class Rollout {
        @Option(names = "--switch", description = "Switch the server to the new version")
        boolean switchTo;

        @Option(names = "--canary", paramLabel = "PCT", description = "Start a canary of the new version at PCT percent")
        Double canary;
    }

    @Override
    public Integer call() throws Exception {
        if (rollout != null && server == null) {
            throw new IllegalArgumentException("--switch and --canary need --server URL");
        }
        String key = System.getenv("MODEL_ADMIN_API_KEY");
        if (rollout != null) {
            // check access before publishing: a refused rollout must not leave an orphan version behind
            HttpResponse<String> probe = send(HttpRequest.newBuilder(URI.create(base() + "/admin/models")).GET(), key);
            if (probe.statusCode() != 200) {
                System.err.println("error: the server refused the admin request (HTTP " + probe.statusCode()
                        + "); nothing was trained or published. Set MODEL_ADMIN_API_KEY to the server's admin key.");
                return 1;
            }
        }
        Path out = workDir != null ? workDir : Files.createTempDirectory("recsys-retrain");
        var result = TrainingPipeline.run(new TrainingPipeline.Spec(AlsOptions.requireRatings(als.ratings), als.ratingsFormat(), als.onMalformed(),
                als.hyperparameters(), out, null, null, null, evaluate, 10), System.out);
        RegisteredVersion v = RecsysCli.export(new FileSystemModelRegistry(registry), result.artifactDir(), "als",
                als.ratings, false, true);
        System.out.println("published " + v.version());
        if (rollout == null) {
            return 0;
        }
        String base = base();
        HttpRequest.Builder req = rollout.switchTo
                ? HttpRequest.newBuilder(URI.create(base + "/switch?model=" + v.version())).GET()
                : HttpRequest.newBuilder(URI.create(base + "/rollout/update?strategy=canary&canary_version=" + v.version()
                        + "&canary_percentage=" + rollout.canary)).POST(HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> resp = send(req, key);
        System.out.println("server answered " + resp.statusCode() + ": " + resp.body());
        return resp.statusCode() == 200 ? 0 : 1;
    }

    private String base() {
        return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    }

    private static HttpResponse<String> send(HttpRequest.Builder req, String key) throws Exception {
        if (key != null && !key.isEmpty()) {
            req.header("X-API-Key", key);
        }
        return HttpClient.newHttpClient().send(req.timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
