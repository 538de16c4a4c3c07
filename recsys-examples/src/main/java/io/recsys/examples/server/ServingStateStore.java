package io.recsys.examples.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.Bucketing;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Persists what an operator last set (primary version and rollout) in
 * {@code <registry>/serving_state.json}, as RideEase keeps {@code model_serving_state}, so a
 * restarted server resumes it. Written atomically (temporary file, then rename). Field names come
 * from the server's snake_case mapper ({@code primary_version}, {@code updated_at}, ...).
 */
final class ServingStateStore {
    static final String FILE = "serving_state.json";
    private static final ObjectMapper JSON = ServerJson.MAPPER;

    record State(
            String primaryVersion,
            String strategy,
            String canaryVersion,
            double canaryPercentage,
            String environment,
            String salt,
            String bucketing,
            Map<String, String> params,
            String updatedAt) {
    }

    private final Path file;

    ServingStateStore(Path registryRoot) {
        this.file = registryRoot.resolve(FILE);
    }

    Path file() {
        return file;
    }

    synchronized void save(RolloutConfig c) throws IOException {
        var s = new State(c.primaryVersion().toString(), c.strategy(),
                c.canaryVersion() == null ? null : c.canaryVersion().toString(), c.canaryPercentage(), c.environment(),
                c.salt(), c.bucketing().name().toLowerCase(java.util.Locale.ROOT), c.params(), Instant.now().toString());
        Path tmp = file.resolveSibling(FILE + ".tmp-" + UUID.randomUUID());
        try {
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(s));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** @return the persisted rollout, if the file exists and parses */
    Optional<RolloutConfig> load() throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        State s = JSON.readValue(file.toFile(), State.class);
        var b = RolloutConfig.builder(ModelVersion.parse(s.primaryVersion()))
                .strategy(s.strategy())
                .canaryVersion(s.canaryVersion() == null ? null : ModelVersion.parse(s.canaryVersion()))
                .canaryPercentage(s.canaryPercentage())
                .environment(s.environment())
                .salt(s.salt())
                .bucketing(s.bucketing() == null ? Bucketing.HASH : Bucketing.valueOf(s.bucketing().toUpperCase(java.util.Locale.ROOT)));
        if (s.params() != null) {
            s.params().forEach(b::param);
        }
        return Optional.of(b.build());
    }
}
