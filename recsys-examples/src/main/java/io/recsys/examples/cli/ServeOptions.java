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

    @Option(names = "--threads", description = "Handler threads: requests worked on at once (default: 2 x cores, at least 4)")
    Integer threads;

    @Option(names = "--connection-threads", paramLabel = "N",
            description = "Threads that read request heads, so slow clients cannot hold the handlers (default: 256)")
    Integer connectionThreads;

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
            description = "File holding MODEL_ADMIN_API_KEY (env MODEL_ADMIN_API_KEY_FILE, e.g. a mounted secret; the key"
                    + " itself in MODEL_ADMIN_API_KEY works too; a flag would show in ps)")
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

    @Option(names = "--serving-state-dir", paramLabel = "DIR",
            description = "Directory of serving_state.json and the fleet's heartbeats, shared by every replica"
                    + " (env RECSYS_SERVING_STATE_DIR; default: the registry directory)")
    Path servingStateDir;

    @Option(names = "--replica-id", paramLabel = "ID",
            description = "This replica's id in the fleet view (env RECSYS_REPLICA_ID; default: <host>-<port>)")
    String replicaId;

    @Option(names = "--fleet-poll-ms", paramLabel = "MS",
            description = "How often to pick up serving-state changes made on other replicas (env RECSYS_FLEET_POLL_MS;"
                    + " default 1000)")
    Long fleetPollMs;

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
        return options(System.getenv());
    }

    /** @param env the environment the flags fall back to ({@link ServeEnvironment}, shared with demo) */
    ServerOptions options(Map<String, String> env) throws java.io.IOException {
        var b = ServeEnvironment.builder(registry, env, adminKeyFile, imageDigest, kafka).port(port).bindAddress(bind)
                .traceCapacity(traceCapacity).provenanceLog(provenanceLog)
                .resetState(resetState)
                .trustKeys(trustKeys)
                .requireSignature(requireSignature)
                .sinks(sinks)
                .foldInMaxBytes(foldInMaxBytes)
                .rollout(new ServerOptions.InitialRollout(modelVersion, strategy, canaryVersion, canaryPercentage,
                        environment));
        if (threads != null) {
            b.threads(threads);
        }
        if (connectionThreads != null) {
            b.connectionThreads(connectionThreads);
        }
        String stateDir = servingStateDir != null ? servingStateDir.toString() : env.get("RECSYS_SERVING_STATE_DIR");
        if (stateDir != null && !stateDir.isBlank()) {
            b.servingStateDir(Path.of(stateDir));
        }
        String id = replicaId != null ? replicaId : env.get("RECSYS_REPLICA_ID");
        if (id != null && !id.isBlank()) {
            b.replicaId(id.trim());
        }
        String poll = fleetPollMs != null ? fleetPollMs.toString() : env.get("RECSYS_FLEET_POLL_MS");
        if (poll != null && !poll.isBlank()) {
            try {
                b.fleetPoll(java.time.Duration.ofMillis(Long.parseLong(poll.trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("RECSYS_FLEET_POLL_MS must be a whole number of milliseconds");
            }
        }
        return b.build();
    }
}
