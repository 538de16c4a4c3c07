package io.recsys.examples.cli;

import io.recsys.examples.server.ServerOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Server flags; each seed environment variable has a flag that overrides it. */
final class ServeOptions {
    @Option(names = "--registry", required = true, paramLabel = "DIR", description = "Model registry directory")
    Path registry;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Interface to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--threads", description = "Handler threads (default: 2 x cores, at least 4)")
    Integer threads;

    @Option(names = {"--trace-capacity", "--trace_capacity"}, defaultValue = "100000",
            description = "Traces kept for /trace/{id} (default: ${DEFAULT-VALUE})")
    int traceCapacity;

    @Option(names = {"--provenance-log", "--provenance_log"}, paramLabel = "DIR",
            description = "Directory for the JSON-lines provenance log (and the switch log)")
    Path provenanceLog;

    @Option(names = {"--model-version", "--model_version"}, paramLabel = "vX.Y", description = "MODEL_VERSION")
    String modelVersion;

    @Option(names = {"--rollout-strategy", "--rollout_strategy"}, description = "ROLLOUT_STRATEGY: fixed, canary, ab_test, shadow")
    String strategy;

    @Option(names = {"--canary-version", "--canary_version"}, paramLabel = "vX.Y", description = "CANARY_VERSION")
    String canaryVersion;

    @Option(names = {"--canary-percentage", "--canary_percentage"}, paramLabel = "PCT", description = "CANARY_PERCENTAGE")
    Double canaryPercentage;

    @Option(names = "--environment", description = "ENVIRONMENT (default production)")
    String environment;

    @Option(names = {"--admin-key-file"}, paramLabel = "FILE",
            description = "File holding MODEL_ADMIN_API_KEY (the environment variable works too; a flag would show in ps)")
    Path adminKeyFile;

    @Option(names = {"--image-digest"}, description = "CONTAINER_IMAGE_DIGEST for provenance")
    String imageDigest;

    @Option(names = "--trust-key", paramLabel = "FILE",
            description = "A trusted Ed25519 public key (repeatable; from `recsys keygen`): signed versions must verify against these")
    List<Path> trustKeys = new ArrayList<>();

    @Option(names = "--sink", paramLabel = "NAME[:k=v,...]",
            description = "An extra provenance sink by name (repeatable): slf4j (the seeds' recommendation log line),"
                    + " jsonl:dir=DIR, memory:capacity=N, or any ProvenanceSinkProvider on the class path")
    List<String> sinks = new ArrayList<>();

    @Option(names = "--fold-in-max-bytes", paramLabel = "BYTES", defaultValue = "67108864",
            description = "Byte bound of the live user states /feedback and the event topic fold into the serving"
                    + " version (real-time personalisation); 0 turns fold-in off (default: ${DEFAULT-VALUE} = 64 MiB)")
    long foldInMaxBytes;

    @Option(names = "--require-signature", description = "Refuse every version not signed by a trusted key")
    boolean requireSignature;

    @Option(names = {"--reset-state"}, description = "Ignore the persisted serving state (use environment / latest.txt)")
    boolean resetState;

    @Option(names = "--retrain-schedule", paramLabel = "SPEC",
            description = "Retrain in-process on a schedule: MON,THU@05:30 (UTC) or every 6h; needs --retrain-ratings")
    String retrainSchedule;

    @Option(names = "--retrain-ratings", paramLabel = "FILE", description = "Ratings file the scheduled retraining reads")
    Path retrainRatings;

    @Option(names = "--retrain-canary", paramLabel = "PCT",
            description = "After a scheduled retrain, start a canary of the new version at PCT percent (default: publish only)")
    Double retrainCanary;

    @Mixin
    KafkaServeOptions kafka;

    /**
     * The flags as server settings: the rollout flags go straight in as typed settings (each one
     * given wins over its environment variable); the admin key and image digest fall back to
     * {@code MODEL_ADMIN_API_KEY} and {@code CONTAINER_IMAGE_DIGEST}, the Kafka flags to their
     * {@code KAFKA_*} variables.
     */
    ServerOptions options() throws java.io.IOException {
        Map<String, String> env = System.getenv();
        String key = adminKeyFile != null ? java.nio.file.Files.readString(adminKeyFile).trim() : env.get("MODEL_ADMIN_API_KEY");
        var b = ServerOptions.builder(registry).port(port).bindAddress(bind)
                .traceCapacity(traceCapacity).provenanceLog(provenanceLog).adminKey(key)
                .imageDigest(imageDigest != null ? imageDigest : env.get("CONTAINER_IMAGE_DIGEST"))
                .resetState(resetState)
                .trustKeys(trustKeys)
                .requireSignature(requireSignature)
                .sinks(sinks)
                .foldInMaxBytes(foldInMaxBytes)
                .kafka(kafka.settings(env))
                .rollout(new ServerOptions.InitialRollout(modelVersion, strategy, canaryVersion, canaryPercentage,
                        environment));
        if (threads != null) {
            b.threads(threads);
        }
        return b.build();
    }
}
