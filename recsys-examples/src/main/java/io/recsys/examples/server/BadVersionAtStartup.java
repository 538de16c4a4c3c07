package io.recsys.examples.server;

import io.recsys.core.InvalidArtifactException;
import io.recsys.core.ModelLoadException;
import io.recsys.core.RecsysException;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server does when the version chosen at start-up (by {@code latest.txt}, the environment
 * or the persisted serving state) fails verification or cannot be loaded: it starts anyway,
 * serving nothing ({@code /readyz} 503, {@code service_health_status 0}), so the operator can
 * switch to a good version over the API, as {@code docs/RUNBOOK.md} describes. Exiting instead
 * would turn one damaged version into an outage that only a file edit can end. Any other start-up
 * failure (an unreadable or corrupt state file, an invalid rollout) still stops the server.
 */
final class BadVersionAtStartup {
    private static final Logger LOG = LoggerFactory.getLogger(BadVersionAtStartup.class);

    private BadVersionAtStartup() {
    }

    /**
     * @param failure what choosing the start-up version threw
     * @return the verification or load failure behind it, or empty when it is another failure
     */
    static Optional<RecsysException> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidArtifactException || t instanceof ModelLoadException) {
                return Optional.of((RecsysException) t);
            }
        }
        return Optional.empty();
    }

    /**
     * Logs the failure and says where the serving state now comes from.
     *
     * @param bad the verification or load failure
     * @param store the serving state store, whose generation the next change continues from
     * @return the start-up outcome: nothing serves
     */
    static StartupRollout.Outcome serveNothing(RecsysException bad, ServingStateStore store) {
        LOG.error("The version chosen at start-up cannot serve: {}. Starting without a model: /readyz answers 503"
                + " until a good version is switched to (GET /switch?model=vX.Y)", Router.sanitize(bad.getMessage()));
        long generation = 0;
        java.util.Map<String, String> startedWith = java.util.Map.of();
        try {
            var loaded = store.load();
            if (loaded.isPresent()) {
                generation = loaded.get().generation();
                startedWith = loaded.get().startedWith();
            }
        } catch (IOException | RuntimeException e) {
            // nothing usable is stored: the next change starts the state afresh
        }
        // Nothing is stored now: the stored state (if any) stays as it was until an operator's change.
        return new StartupRollout.Outcome("none (the version chosen at start-up failed verification or loading)",
                generation, false, startedWith);
    }
}
