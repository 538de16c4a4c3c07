package io.recsys.examples.server;

import io.recsys.experiments.analysis.AnalysisState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Persists the analysed rollout ({@link AnalysisState}) in {@code <registry>/rollout_analysis.json},
 * apart from {@code serving_state.json}, so a restarted server resumes the analysis at its step with
 * its evidence. Durable as the serving state is: temporary file written and fsynced, renamed over
 * the old one, directory fsynced. A file that exists but cannot be read is reported, never taken
 * for "no analysis".
 */
final class AnalysisStateStore {
    static final String FILE = "rollout_analysis.json";
    private static final int MAX_BYTES = 1 << 20;

    private final Path file;

    AnalysisStateStore(Path registryRoot) {
        this.file = registryRoot.resolve(FILE);
    }

    Path file() {
        return file;
    }

    /** Stores the state durably before returning. */
    synchronized void save(AnalysisState state) throws IOException {
        byte[] bytes = ServerJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(state);
        StateFiles.replaceDurably(file, FILE + ".tmp-", bytes);
    }

    /**
     * @return the stored analysis, or empty when there is none
     * @throws IOException when the file exists but is unreadable, too large or not a valid analysis
     */
    Optional<AnalysisState> load() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
            throw new IOException("Rollout analysis file " + file + " is not a regular file of at most 1 MB; remove it"
                    + " to start without the analysis");
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            AnalysisState s = ServerJson.MAPPER.readValue(bytes, AnalysisState.class);
            if (s == null) {
                throw new IOException("empty");
            }
            return Optional.of(s);
        } catch (IOException | RuntimeException e) {
            String why = Router.sanitize(String.valueOf(e.getMessage())).lines().findFirst().orElse("");
            throw new IOException("Rollout analysis file " + file + " is not a valid analysis (" + why + "); remove it"
                    + " to start without the analysis. First bytes: " + Router.sanitize(new String(bytes, 0,
                    Math.min(40, bytes.length), StandardCharsets.UTF_8)), e);
        }
    }
}
