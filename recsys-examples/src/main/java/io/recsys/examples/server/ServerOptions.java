package io.recsys.examples.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Server settings, made with {@link #builder(Path)}. Defaults suit a laptop: port 8080 on all
 * interfaces, 2x cores handler threads (at least 4), 256 connection threads, 64 KiB request bodies,
 * k up to 1000, 100,000 stored traces.
 *
 * @param registry model registry directory
 * @param bindAddress interface to listen on
 * @param port TCP port (0 = any free port)
 * @param threads handler threads: requests worked on at once
 * @param connectionThreads threads that read request heads, more than {@code threads}: the JDK server
 *     reads a request's line and headers on its executor before any handler runs, so a client that
 *     sends its head slowly holds one of these (for at most {@code maxReqTime}), not a handler thread
 * @param maxBodyBytes largest accepted request body
 * @param maxK largest {@code k} accepted
 * @param traceCapacity traces kept in memory for {@code /trace/{id}}
 * @param provenanceLog directory for the JSON-lines provenance log, or null for none
 * @param adminKey {@code MODEL_ADMIN_API_KEY}, or null (the server then generates one into a 0600 file:
 *     {@link AdminKeyFile})
 * @param imageDigest container image digest for provenance, or null
 * @param resetState ignore the persisted serving state at start-up
 * @param rollout the initial rollout given as typed settings; each one given wins over its seed
 *     environment variable
 * @param kafka the streaming plane (prediction topic out, event topic in), or null for none
 * @param trustKeys Ed25519 public key files whose version signatures are trusted (empty: none)
 * @param requireSignature refuse versions not signed by a trusted key
 * @param sinks extra provenance sinks by name, e.g. {@code slf4j} (the seeds' log line) or
 *     {@code jsonl:dir=logs}; see {@code ProvenanceSinks}
 * @param servingStateDir the directory of {@code serving_state.json} and the fleet's heartbeats, shared
 *     by every replica, or null for the registry directory (the default; a read-only registry needs one)
 * @param replicaId this replica's id in the fleet ({@code [A-Za-z0-9][A-Za-z0-9_.-]{0,63}}), or null for
 *     {@code <host>-<port>}
 * @param fleetPoll how often the serving state is polled for changes made on other replicas (100 ms to 1 min)
 * @param foldInMaxBytes byte bound of the live user states that {@code /feedback} and the event
 *     topic fold into the serving version (real-time personalisation); 0 turns fold-in off
 */
public record ServerOptions(
        Path registry,
        String bindAddress,
        int port,
        int threads,
        int connectionThreads,
        int maxBodyBytes,
        int maxK,
        int traceCapacity,
        Path provenanceLog,
        String adminKey,
        String imageDigest,
        boolean resetState,
        InitialRollout rollout,
        KafkaSettings kafka,
        List<Path> trustKeys,
        boolean requireSignature,
        List<String> sinks,
        Path servingStateDir,
        String replicaId,
        java.time.Duration fleetPoll,
        long foldInMaxBytes) {

    /** Default {@link #connectionThreads()}: slow heads from this many clients at once are absorbed. */
    public static final int DEFAULT_CONNECTION_THREADS = 256;

    /** Default byte bound of the live user states: 64 MiB. */
    public static final long DEFAULT_FOLD_IN_MAX_BYTES = 64L << 20;

    /** Validates the settings. */
    public ServerOptions {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(rollout, "rollout");
        trustKeys = trustKeys == null ? List.of() : List.copyOf(trustKeys);
        sinks = sinks == null ? List.of() : List.copyOf(sinks);
        if (requireSignature && trustKeys.isEmpty()) {
            throw new IllegalArgumentException("--require-signature needs at least one --trust-key");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        }
        fleetPoll = fleetPoll == null ? DEFAULT_FLEET_POLL : fleetPoll;
        if (fleetPoll.compareTo(java.time.Duration.ofMillis(100)) < 0 || fleetPoll.compareTo(java.time.Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("fleet poll interval must be 100 ms to 1 min, got " + fleetPoll.toMillis() + " ms");
        }
        if (replicaId != null && !FleetHeartbeats.REPLICA_ID.matcher(replicaId).matches()) {
            throw new IllegalArgumentException("replica id must be 1 to 64 of [A-Za-z0-9_.-], starting with a letter or digit");
        }
        if (threads < 1 || maxBodyBytes < 1 || maxK < 1 || traceCapacity < 1) {
            throw new IllegalArgumentException("threads, maxBodyBytes, maxK and traceCapacity must be at least 1");
        }
        if (connectionThreads < threads) {
            throw new IllegalArgumentException("connectionThreads (" + connectionThreads
                    + ") must be at least threads (" + threads + ")");
        }
        if (foldInMaxBytes < 0) {
            throw new IllegalArgumentException("foldInMaxBytes must be >= 0 (0 turns fold-in off), got " + foldInMaxBytes);
        }
    }

    /** Default {@link #fleetPoll()}: a change on one replica is served by all within about a second. */
    public static final java.time.Duration DEFAULT_FLEET_POLL = java.time.Duration.ofSeconds(1);

    /** @return where {@code serving_state.json} and the fleet's heartbeats live */
    public Path stateDir() {
        return servingStateDir != null ? servingStateDir : registry;
    }

    /**
     * The initial rollout as typed settings (the CLI's {@code serve} flags). Each one given (non-null)
     * wins over its seed environment variable; the rest come from the environment as before.
     *
     * @param modelVersion {@code MODEL_VERSION}, e.g. {@code v0.1}, or null
     * @param strategy {@code ROLLOUT_STRATEGY}, or null
     * @param canaryVersion {@code CANARY_VERSION}, or null
     * @param canaryPercentage {@code CANARY_PERCENTAGE}, or null
     * @param environment {@code ENVIRONMENT}, or null
     */
    public record InitialRollout(String modelVersion, String strategy, String canaryVersion, Double canaryPercentage,
                                 String environment) {
        /** Nothing given: the environment decides. */
        public static final InitialRollout FROM_ENVIRONMENT = new InitialRollout(null, null, null, null, null);

        /** @return whether any setting that chooses versions or a strategy is given */
        public boolean choosesVersions() {
            return modelVersion != null || strategy != null || canaryVersion != null || canaryPercentage != null;
        }
    }

    /**
     * Where the server writes its predictions and reads user events (the CLI's {@code --kafka-*}
     * flags and {@code KAFKA_*} environment variables); names are validated when the plane is built.
     *
     * @param bootstrap {@code host:port[,host:port...]}
     * @param predictionTopic the topic every served prediction is written to
     * @param eventTopic the user-event topic feeding the experiment log, or null for none
     * @param eventGroup the consumer group of the event topic
     */
    public record KafkaSettings(String bootstrap, String predictionTopic, String eventTopic, String eventGroup) {
        /** Default consumer group of the event topic. */
        public static final String DEFAULT_GROUP = "recsys-server";

        /** Requires the bootstrap servers and the prediction topic; the group defaults. */
        public KafkaSettings {
            Objects.requireNonNull(bootstrap, "bootstrap");
            Objects.requireNonNull(predictionTopic, "predictionTopic");
            if (eventGroup == null) {
                eventGroup = DEFAULT_GROUP;
            }
        }
    }

    /**
     * @param registry model registry directory
     * @return a builder with the defaults
     */
    public static Builder builder(Path registry) {
        return new Builder(registry);
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        var b = new Builder(registry);
        b.bindAddress = bindAddress;
        b.port = port;
        b.threads = threads;
        b.connectionThreads = connectionThreads;
        b.maxBodyBytes = maxBodyBytes;
        b.maxK = maxK;
        b.traceCapacity = traceCapacity;
        b.provenanceLog = provenanceLog;
        b.adminKey = adminKey;
        b.imageDigest = imageDigest;
        b.resetState = resetState;
        b.rollout = rollout;
        b.kafka = kafka;
        b.trustKeys = trustKeys;
        b.requireSignature = requireSignature;
        b.sinks = sinks;
        b.servingStateDir = servingStateDir;
        b.replicaId = replicaId;
        b.fleetPoll = fleetPoll;
        b.foldInMaxBytes = foldInMaxBytes;
        return b;
    }

    /** @return the settings with the admin key redacted: settings get logged, the key must not be */
    @Override
    public String toString() {
        return "ServerOptions[registry=" + registry + ", bindAddress=" + bindAddress + ", port=" + port + ", threads="
                + threads + ", connectionThreads=" + connectionThreads + ", maxBodyBytes=" + maxBodyBytes + ", maxK=" + maxK + ", traceCapacity=" + traceCapacity
                + ", provenanceLog=" + provenanceLog + ", adminKey=" + (adminKey == null ? "null" : "(redacted)")
                + ", imageDigest=" + imageDigest + ", resetState=" + resetState + ", rollout=" + rollout + ", trustKeys="
                + trustKeys + ", requireSignature=" + requireSignature + ", sinks=" + sinks + ", servingStateDir="
                + servingStateDir + ", replicaId=" + replicaId + ", fleetPoll=" + fleetPoll + ", foldInMaxBytes="
                + foldInMaxBytes + "]";
    }

    /** Builder of {@link ServerOptions}. */
    public static final class Builder {
        private final Path registry;
        private String bindAddress = "0.0.0.0";
        private int port = 8080;
        private int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private int connectionThreads; // 0: the default, raised to threads when that is larger
        private int maxBodyBytes = 64 * 1024;
        private int maxK = 1000;
        private int traceCapacity = 100_000;
        private Path provenanceLog;
        private String adminKey;
        private String imageDigest;
        private boolean resetState;
        private InitialRollout rollout = InitialRollout.FROM_ENVIRONMENT;
        private KafkaSettings kafka;
        private List<Path> trustKeys = List.of();
        private boolean requireSignature;
        private List<String> sinks = List.of();
        private Path servingStateDir;
        private String replicaId;
        private java.time.Duration fleetPoll = DEFAULT_FLEET_POLL;
        private long foldInMaxBytes = DEFAULT_FOLD_IN_MAX_BYTES;

        private Builder(Path registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** @param value interface to listen on (default 0.0.0.0) @return this */
        public Builder bindAddress(String value) {
            this.bindAddress = value;
            return this;
        }

        /** @param value TCP port, 0 for any free one (default 8080) @return this */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** @param value handler threads (default 2x cores, at least 4) @return this */
        public Builder threads(int value) {
            this.threads = value;
            return this;
        }

        /**
         * @param value threads that read request heads, at least {@code threads} (default 256, or
         *     {@code threads} when larger; an idle one costs a parked thread) @return this
         */
        public Builder connectionThreads(int value) {
            this.connectionThreads = value;
            return this;
        }

        /** @param value largest accepted request body in bytes (default 64 KiB) @return this */
        public Builder maxBodyBytes(int value) {
            this.maxBodyBytes = value;
            return this;
        }

        /** @param value largest {@code k} accepted (default 1000) @return this */
        public Builder maxK(int value) {
            this.maxK = value;
            return this;
        }

        /** @param value traces kept for {@code /trace/{id}} (default 100,000) @return this */
        public Builder traceCapacity(int value) {
            this.traceCapacity = value;
            return this;
        }

        /** @param value directory of the JSON-lines provenance log, or null for none @return this */
        public Builder provenanceLog(Path value) {
            this.provenanceLog = value;
            return this;
        }

        /** @param value the admin key, or null for a generated one ({@link AdminKeyFile}) @return this */
        public Builder adminKey(String value) {
            this.adminKey = value;
            return this;
        }

        /** @param value container image digest for provenance, or null @return this */
        public Builder imageDigest(String value) {
            this.imageDigest = value;
            return this;
        }

        /** @param value ignore the persisted serving state at start-up @return this */
        public Builder resetState(boolean value) {
            this.resetState = value;
            return this;
        }

        /** @param value the initial rollout settings (default: all from the environment) @return this */
        public Builder rollout(InitialRollout value) {
            this.rollout = Objects.requireNonNull(value, "rollout");
            return this;
        }

        /** @param value the Kafka streaming plane, or null for none (the default) @return this */
        public Builder kafka(KafkaSettings value) {
            this.kafka = value;
            return this;
        }

        /** @param value trusted Ed25519 public key files for version signatures @return this */
        public Builder trustKeys(List<Path> value) {
            this.trustKeys = value == null ? List.of() : List.copyOf(value);
            return this;
        }

        /** @param value refuse versions not signed by a trusted key @return this */
        public Builder requireSignature(boolean value) {
            this.requireSignature = value;
            return this;
        }

        /** @param value byte bound of the live user states; 0 turns fold-in off @return this */
        public Builder foldInMaxBytes(long value) {
            this.foldInMaxBytes = value;
            return this;
        }

        /** @param value extra provenance sinks by name ({@code name} or {@code name:key=value,...}) @return this */
        public Builder sinks(List<String> value) {
            this.sinks = value == null ? List.of() : List.copyOf(value);
            return this;
        }

        /**
         * @param value directory of {@code serving_state.json} and the fleet heartbeats, or null for the
         *     registry directory (the default)
         * @return this
         */
        public Builder servingStateDir(Path value) {
            this.servingStateDir = value;
            return this;
        }

        /** @param value this replica's id in the fleet, or null for {@code <host>-<port>} @return this */
        public Builder replicaId(String value) {
            this.replicaId = value;
            return this;
        }

        /** @param value how often to poll the fleet's serving state (default 1 s) @return this */
        public Builder fleetPoll(java.time.Duration value) {
            this.fleetPoll = value;
            return this;
        }

        /** @return the settings */
        public ServerOptions build() {
            int connections = connectionThreads == 0 ? Math.max(DEFAULT_CONNECTION_THREADS, threads) : connectionThreads;
            return new ServerOptions(registry, bindAddress, port, threads, connections, maxBodyBytes, maxK, traceCapacity,
                    provenanceLog, adminKey, imageDigest, resetState, rollout, kafka, trustKeys, requireSignature, sinks,
                    servingStateDir, replicaId, fleetPoll, foldInMaxBytes);
        }
    }
}
