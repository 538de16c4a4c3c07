package io.recsys.examples.server;

import io.recsys.core.RolloutStatus;
import io.recsys.core.RolloutUpdate;
import io.recsys.core.serving.RecommendationService;
import io.recsys.core.serving.SwitchResult;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator changes to what serves (switches and rollout updates), each persisted to
 * {@code serving_state.json} once it is in force, so a restarted server resumes it. A change and
 * its write happen under one lock, so the stored state is always the last change applied (two
 * concurrent admin calls cannot store the older one), each with the next generation number. When
 * the write fails the caller gets a 500 {@code state_not_stored}: the change serves, but would not
 * survive a restart, and the operator must know.
 */
final class ServingControl {
    private static final Logger LOG = LoggerFactory.getLogger(ServingControl.class);

    private final RecommendationService service;
    private final ServingStateStore store;
    private long generation;

    /**
     * @param generation the generation of the state the server started from (0 when none)
     */
    ServingControl(RecommendationService service, ServingStateStore store, long generation) {
        this.service = service;
        this.store = store;
        this.generation = generation;
    }

    /** @return the previous and new primary version, after a full switch to {@code version} */
    synchronized SwitchResult switchTo(String version) {
        SwitchResult result = service.switchTo(version);
        persist();
        return result;
    }

    /** @return the rollout status in force after the update */
    synchronized RolloutStatus updateRollout(RolloutUpdate update) {
        RolloutStatus status = service.updateRollout(update);
        persist();
        return status;
    }

    /** @return the generation of the last stored state */
    synchronized long generation() {
        return generation;
    }

    /** Called with the lock held, right after the change, so the config read is the one just applied. */
    private void persist() {
        long next = generation + 1;
        try {
            store.save(service.rolloutPolicy().config(), next);
            generation = next;
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not persist serving state (generation {}) to {}: {}", next, store.file(), e.toString());
            throw new ApiException(500, "state_not_stored", "The change is in force but could not be stored durably;"
                    + " it will not survive a restart (see the server log)");
        }
    }
}
