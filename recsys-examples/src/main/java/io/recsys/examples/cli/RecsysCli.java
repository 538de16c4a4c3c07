package io.recsys.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.core.ModelVersion;
import io.recsys.core.PublishRequest;
import io.recsys.core.RecsysException;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.registry.ArtifactDigest;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.signing.SignatureStatus;
import io.recsys.core.signing.SignatureVerifier;
import io.recsys.core.signing.TrustedKeys;
import io.recsys.core.signing.VersionSigner;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import io.recsys.provenance.report.AvailabilityReport;
import io.recsys.provenance.manifest.ManifestVerification;
import io.recsys.provenance.report.ModelUpdateReport;
import io.recsys.provenance.manifest.ProvenanceExport;
import io.recsys.provenance.report.SwitchEventLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code ./recsys} command line. */
@Command(name = "recsys", mixinStandardHelpOptions = true, version = "recsys 0.1.0",
        description = "Train, publish, verify and serve recommendation models.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, TuneCommand.class, RecsysCli.Export.class, RecsysCli.Verify.class,
                RecsysCli.Serve.class, DemoCommand.class, RecsysCli.Availability.class, RecsysCli.ModelUpdates.class,
                RetrainCommand.class, KeygenCommand.class, SimulateCommand.class})
public final class RecsysCli implements Runnable {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs a command and returns its exit code (0 success, 1 failure or check failed, 2 usage).
     *
     * @param args command-line arguments
     * @return the exit code
     */
    public static int run(String... args) {
        return new CommandLine(new RecsysCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof RecsysException || e instanceof IllegalArgumentException || e instanceof IOException
                            || e instanceof java.io.UncheckedIOException) {
                        cmd.getErr().println("error: " + e.getMessage());
                        return 1;
                    }
                    throw e;
                })
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Publish a trained artifact directory as the next registry version; prints the version.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--source", required = true, paramLabel = "DIR", description = "Artifact directory")
        Path source;

        @Option(names = "--registry", paramLabel = "DIR", description = "Model registry directory (required unless --format npz)")
        Path registry;

        @Option(names = "--format", defaultValue = "registry", paramLabel = "registry|npz",
                description = "registry (default): publish the next version; npz: write the seeds' als_model.npz,"
                        + " user_map.json and movie_map.json to --output for NumPy tooling")
        String format;

        @Option(names = "--output", paramLabel = "DIR", description = "Where --format npz writes")
        Path output;

        @Option(names = {"--model-name", "--model_name"}, defaultValue = "als", description = "Model name (default: ${DEFAULT-VALUE})")
        String modelName;

        @Option(names = {"--data-path", "--data_path"}, paramLabel = "FILE",
                description = "Training data, hashed as data_snapshot_id when the source has no manifest")
        Path dataPath;

        @Option(names = "--major", description = "Start a new major version")
        boolean major;

        @Option(names = {"--no-latest"}, description = "Do not move latest.txt")
        boolean noLatest;

        @Option(names = "--signing-key", paramLabel = "FILE",
                description = "Sign the version with this Ed25519 private key (from `recsys keygen`; its .pub beside it)")
        Path signingKey;

        @Option(names = "--quantize", defaultValue = "none", paramLabel = "none|int8",
                description = "int8: store 8-bit item factors in the version too (item_factors_int8.bin); top-K then"
                        + " scans them for candidates and re-scores those exactly, same answers (default: none)")
        String quantize;

        @Option(names = "--ann", description = "Also store an HNSW index of the item factors (Lucene) in the version;"
                + " catalogues of at least --ann-min-items items are then served from it (approximate recall)")
        boolean ann;

        @Option(names = "--ann-breadth", defaultValue = "160", paramLabel = "N",
                description = "Candidates the index search returns for exact re-scoring (default: ${DEFAULT-VALUE})")
        int annBreadth;

        @Option(names = "--ann-min-items", defaultValue = "50000", paramLabel = "N",
                description = "Smaller catalogues keep the exact scan (default: ${DEFAULT-VALUE})")
        int annMinItems;

        @Option(names = "--ann-max-connections", defaultValue = "16", paramLabel = "M",
                description = "HNSW neighbours per node (default: ${DEFAULT-VALUE})")
        int annMaxConnections;

        @Option(names = "--ann-beam-width", defaultValue = "100", paramLabel = "N",
                description = "HNSW candidates kept while building (default: ${DEFAULT-VALUE})")
        int annBeamWidth;

        @Override
        public Integer call() throws IOException {
            if (!"none".equals(quantize) && !"int8".equals(quantize)) {
                throw new IllegalArgumentException("--quantize must be none or int8, got '" + quantize + "'");
            }
            if ("npz".equals(format)) {
                if (output == null) {
                    throw new IllegalArgumentException("--format npz needs --output DIR");
                }
                io.recsys.core.factors.NpzExport.write(source, output);
                System.out.println(output.resolve(io.recsys.core.factors.NpzExport.MODEL_FILE));
                return 0;
            }
            if (!"registry".equals(format)) {
                throw new IllegalArgumentException("--format must be registry or npz, got '" + format + "'");
            }
            if (registry == null) {
                throw new IllegalArgumentException("--registry DIR is required");
            }
            VersionSigner signer = signingKey == null ? null : VersionSigner.fromFile(signingKey);
            var annSettings = ann ? new io.recsys.als.AnnSettings(annMaxConnections, annBeamWidth, annBreadth, annMinItems,
                    true) : null;
            Path staged = "int8".equals(quantize) || ann ? StagedExport.stage(source, "int8".equals(quantize), annSettings)
                    : null;
            RegisteredVersion v;
            try {
                v = export(new FileSystemModelRegistry(registry), staged == null ? source : staged, modelName, dataPath,
                        major, !noLatest, signer);
            } finally {
                if (staged != null) {
                    StagedExport.delete(staged);
                }
            }
            System.out.println(v.version());
            return 0;
        }
    }

    /** Publishes unsigned; see {@link #export(FileSystemModelRegistry, Path, String, Path, boolean, boolean, VersionSigner)}. */
    static RegisteredVersion export(FileSystemModelRegistry registry, Path source, String modelName, Path dataPath,
                                    boolean major, boolean makeLatest) throws IOException {
        return export(registry, source, modelName, dataPath, major, makeLatest, null);
    }

    /** Publishes with the manifest when the source has one (linking it), else with a data hash; signs when asked. */
    static RegisteredVersion export(FileSystemModelRegistry registry, Path source, String modelName, Path dataPath,
                                    boolean major, boolean makeLatest, VersionSigner signer) throws IOException {
        Map<String, Object> metrics = new LinkedHashMap<>();
        Path meta = source.resolve("meta.json");
        if (Files.isRegularFile(meta)) {
            JsonNode m = JSON.readTree(meta.toFile()).get("metrics");
            if (m != null && m.isObject()) {
                m.fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().isNumber() ? e.getValue().numberValue()
                        : e.getValue().asText()));
            }
        }
        String digest = System.getenv("CONTAINER_IMAGE_DIGEST");
        Path manifest = source.resolve("model_manifest.json");
        if (Files.isRegularFile(manifest)) {
            return ProvenanceExport.publish(registry, source, manifest,
                    b -> b.metrics(metrics).major(major).makeLatest(makeLatest).imageDigest(digest).signer(signer));
        }
        var b = PublishRequest.builder(modelName).metrics(metrics).major(major).makeLatest(makeLatest).imageDigest(digest)
                .signer(signer);
        if (dataPath != null) {
            b.dataSnapshotId(ArtifactDigest.sha256Of(dataPath));
        }
        return registry.publish(source, b.build());
    }

    @Command(name = "verify",
            description = "Check a registry version's files against its artifact_sha and training manifest; exit 0 only when all match.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--registry", required = true, paramLabel = "DIR", description = "Model registry directory")
        Path registry;

        // no standard help mixin here: its --version would shadow this command's own --version
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--version", required = true, paramLabel = "vX.Y", description = "Version to verify")
        String version;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Option(names = "--trust-key", paramLabel = "FILE",
                description = "A trusted Ed25519 public key (repeatable): a signature by any other key fails")
        List<Path> trustKeys = new ArrayList<>();

        @Option(names = "--require-signature", description = "Fail unless the version is signed by a trusted key")
        boolean requireSignature;

        @Override
        public Integer call() throws IOException {
            var reg = new FileSystemModelRegistry(registry);
            RegisteredVersion rv = reg.get(ModelVersion.parse(version));
            var problems = new java.util.ArrayList<String>(ArtifactDigest.check(rv));
            ManifestVerification mv = ManifestVerification.verify(rv);
            problems.addAll(mv.problems());
            TrustedKeys trusted = TrustedKeys.fromFiles(trustKeys);
            SignatureStatus signature = SignatureVerifier.status(rv.versionDir(), rv.metadata(), trusted);
            problems.addAll(new SignatureVerifier(trusted, requireSignature ? SignatureVerifier.Policy.REQUIRE_SIGNATURE
                    : SignatureVerifier.Policy.VERIFY_IF_SIGNED).verify(rv));
            if (json) {
                var out = new LinkedHashMap<String, Object>();
                out.put("version", rv.version().toString());
                out.put("ok", problems.isEmpty());
                out.put("signature", signature.state().name().toLowerCase(java.util.Locale.ROOT));
                out.put("signing_key", signature.keyId());
                out.put("problems", problems);
                System.out.println(JSON.writeValueAsString(out));
            } else if (problems.isEmpty()) {
                System.out.println(rv.version() + ": OK (artifacts and manifest match; signature: " + signature.detail() + ")");
            } else {
                System.out.println(rv.version() + ": FAILED");
                problems.forEach(p -> System.out.println("  - " + p));
            }
            return problems.isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve a registry over HTTP until SIGTERM/SIGINT (then drain, flush and exit 0).")
    static final class Serve implements Callable<Integer> {
        @Mixin
        ServeOptions serve;

        @Override
        public Integer call() throws Exception {
            if (serve.retrainSchedule == null) {
                return serveUntilStopped(serve.options(), System.getenv(), null);
            }
            if (serve.retrainRatings == null) {
                throw new IllegalArgumentException("--retrain-schedule needs --retrain-ratings FILE");
            }
            RetrainScheduler.Schedule schedule = RetrainScheduler.parse(serve.retrainSchedule);
            return serveUntilStopped(serve.options(), System.getenv(), server -> {
                var scheduler = new RetrainScheduler(schedule,
                        () -> retrainInProcess(server, serve.retrainRatings, serve.retrainCanary),
                        server.meters(), java.time.Clock.systemUTC());
                Runtime.getRuntime().addShutdownHook(new Thread(scheduler::close, "recsys-retrain-stop"));
                scheduler.start();
            });
        }
    }

    /**
     * One retraining run inside a serving process: train with the library defaults, publish, and
     * optionally start a canary of the new version (validated like any rollout update).
     */
    static String retrainInProcess(RecsysServer server, Path ratings, Double canaryPercentage) throws IOException {
        Path work = Files.createTempDirectory("recsys-retrain");
        var result = TrainingPipeline.run(new TrainingPipeline.Spec(ratings, null, io.recsys.als.data.OnMalformed.FAIL,
                io.recsys.als.AlsHyperparameters.defaults(), work, null, null, null, false, 10), System.out);
        var registry = (FileSystemModelRegistry) server.service().registry();
        RegisteredVersion v = export(registry, result.artifactDir(), "als", ratings, false, true);
        if (canaryPercentage != null) {
            server.updateRollout(io.recsys.core.RolloutUpdate.of("canary", v.version().toString(),
                    Double.toString(canaryPercentage)));
            return "published " + v.version() + " as a " + canaryPercentage + "% canary";
        }
        return "published " + v.version();
    }

    /** Starts the server, prints the tour (if any), and blocks until the JVM is asked to stop. */
    static int serveUntilStopped(ServerOptions options, Map<String, String> env,
                                 java.util.function.Consumer<RecsysServer> afterStart) throws IOException {
        RecsysServer server = RecsysServer.start(options, env);
        // SIGTERM/SIGINT: drain in-flight requests, flush the provenance log, exit with status 0.
        server.exitCleanlyOnTermination();
        if (afterStart != null) {
            afterStart.accept(server);
        }
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    @Command(name = "availability", mixinStandardHelpOptions = true,
            description = "Availability over a window from the JSON-lines provenance log.")
    static final class Availability implements Callable<Integer> {
        @Option(names = "--log", required = true, paramLabel = "FILE|DIR", description = "Provenance log file or directory")
        Path log;

        @Option(names = "--hours", defaultValue = "72", description = "Window in hours (default: ${DEFAULT-VALUE})")
        int hours;

        @Option(names = "--threshold", defaultValue = "70", description = "Required availability %% (default: ${DEFAULT-VALUE})")
        double threshold;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Override
        public Integer call() throws IOException {
            AvailabilityReport r = AvailabilityReport.compute(log, Duration.ofHours(hours), Instant.now(), threshold);
            System.out.println(json ? r.toJson() : r.toText());
            return "FAIL".equals(r.status()) ? 1 : 0;
        }
    }

    @Command(name = "model-updates", mixinStandardHelpOptions = true,
            description = "Model switches from the switch log and the best 7-day window (>= 2 updates required).")
    static final class ModelUpdates implements Callable<Integer> {
        @Option(names = "--log", required = true, paramLabel = "FILE|DIR",
                description = "switch_events.jsonl, or the provenance log directory that holds it")
        Path log;

        @Option(names = "--days", defaultValue = "7", description = "Window in days (default: ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--required", defaultValue = "2", description = "Updates required in the window (default: ${DEFAULT-VALUE})")
        int required;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Override
        public Integer call() throws IOException {
            ModelUpdateReport r = ModelUpdateReport.compute(SwitchEventLog.at(log).read(), Duration.ofDays(days), required);
            System.out.println(json ? r.toJson() : r.toText());
            return "PASS".equals(r.status()) ? 0 : 1;
        }
    }
}
