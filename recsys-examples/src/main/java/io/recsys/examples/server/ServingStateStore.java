package io.recsys.examples.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.Bucketing;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Persists what an operator last set (primary version and rollout) in
 * {@code <registry>/serving_state.json}, as RideEase keeps {@code model_serving_state}, so a
 * restarted server resumes it. Each write carries the next generation number and is durable before
 * {@link #save} returns: temporary file written and fsynced, renamed over the old one, directory
 * fsynced. A crash at any point leaves either the old or the new state, never a torn one. A file
 * that exists but is empty or unreadable is reported ({@link CorruptStateException}), never taken
 * for "no state": silently serving {@code latest.txt} would undo an operator's rollback.
 */
final class ServingStateStore {
    static final String FILE = "serving_state.json";
    private static final ObjectMapper JSON = ServerJson.MAPPER;

    /** The stored form; field names in snake_case ({@code primary_version}, {@code updated_at}, ...). */
    record State(
            long generation,
            String primaryVersion,
            String strategy,
            String canaryVersion,
            double canaryPercentage,
            String environment,
            String salt,
            String bucketing,
            Map<String, String> params,
            String updatedAt,
            Map<String, String> startedWith) {
    }

    /** The state file exists but cannot be used; the message says what to do. */
    static final class CorruptStateException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptStateException(Path file, String why, Throwable cause) {
            super("Serving state file " + file + " is " + why + "; the last operator change (switch or rollback) cannot be"
                    + " restored from it. Fix or remove the file, or start with --reset-state to serve from the"
                    + " environment / latest.txt", cause);
        }
    }

    /**
     * A persisted rollout, the generation it was stored with, and the settings given explicitly at
     * the start-up that stored it ({@link StartupSettings}; null in files written before they were
     * recorded).
     */
    record Loaded(RolloutConfig config, long generation, Map<String, String> startedWith) {
    }

    /** The state file is untrusted input: larger than this is refused before it is parsed. */
    static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_TEXT = 256;
    private static final int MAX_PARAMS = 16;

    private final Path file;

    /** @param dir the directory holding {@value #FILE} (by default the registry root) */
    ServingStateStore(Path dir) {
        this.file = dir.resolve(FILE);
    }

    Path file() {
        return file;
    }

    /**
     * Stores {@code c} durably as generation {@code generation}, with the start-up settings that
     * are in force ({@code startedWith}, see {@link StartupSettings}).
     *
     * @throws IOException when the state could not be made durable
     */
    synchronized void save(RolloutConfig c, long generation, Map<String, String> startedWith) throws IOException {
        var s = new State(generation, c.primaryVersion().toString(), c.strategy(),
                c.canaryVersion() == null ? null : c.canaryVersion().toString(), c.canaryPercentage(), c.environment(),
                c.salt(), c.bucketing().name().toLowerCase(Locale.ROOT), c.params(), Instant.now().toString(),
                startedWith);
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(s);
        StateFiles.replaceDurably(file, FILE + ".tmp-", bytes);
    }

    /**
     * @return the persisted rollout, or empty when there is no state file
     * @throws CorruptStateException when the file exists but is empty, not JSON, or not a valid rollout
     * @throws IOException when the file cannot be read
     */
    Optional<Loaded> load() throws IOException {
        byte[] bytes;
        try (var in = Files.newInputStream(file)) {
            if (!Files.isRegularFile(file)) {
                throw new CorruptStateException(file, "not a regular file", null);
            }
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (e instanceof CorruptStateException c) {
                throw c;
            }
            if (Files.isDirectory(file)) {
                throw new CorruptStateException(file, "not a regular file", e);
            }
            throw e;
        }
        if (bytes.length > MAX_BYTES) {
            throw new CorruptStateException(file, "larger than " + MAX_BYTES + " bytes", null);
        }
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new CorruptStateException(file, "empty", null);
        }
        try {
            State s = JSON.readValue(bytes, State.class);
            if (s == null || s.primaryVersion() == null) {
                throw new CorruptStateException(file, "missing primary_version", null);
            }
            if (s.generation() < 0) {
                throw new CorruptStateException(file, "invalid (negative generation)", null);
            }
            requireShort("strategy", s.strategy());
            requireShort("environment", s.environment());
            requireShort("salt", s.salt());
            var b = RolloutConfig.builder(ModelVersion.parse(s.primaryVersion()))
                    .strategy(s.strategy())
                    .canaryVersion(s.canaryVersion() == null ? null : ModelVersion.parse(s.canaryVersion()))
                    .canaryPercentage(s.canaryPercentage())
                    .environment(s.environment())
                    .salt(s.salt())
                    .bucketing(s.bucketing() == null ? Bucketing.HASH : Bucketing.valueOf(s.bucketing().toUpperCase(Locale.ROOT)));
            if (s.params() != null) {
                if (s.params().size() > MAX_PARAMS) {
                    throw new CorruptStateException(file, "invalid (more than " + MAX_PARAMS + " params)", null);
                }
                s.params().forEach((k, v) -> {
                    requireShort("params key", k);
                    requireShort("params value", v);
                    b.param(k, v);
                });
            }
            return Optional.of(new Loaded(b.build(), s.generation(), StartupSettings.validRecord(s.startedWith())));
        } catch (CorruptStateException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptStateException(file, "not a valid serving state (" + Router.sanitize(String.valueOf(e.getMessage())
                    .lines().findFirst().orElse("")) + ")", e);
        }
    }

    private static void requireShort(String field, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            throw new IllegalArgumentException(field + " longer than " + MAX_TEXT + " characters");
        }
    }
}
