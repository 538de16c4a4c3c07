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
 * {@code serving_state.json} once it is in force, so a restarted server resumes it.
 */
final class ServingControl {
    private static final Logger LOG = LoggerFactory.getLogger(ServingControl.class);

    private final RecommendationService service;
    private final ServingStateStore store;

    ServingControl(RecommendationService service, ServingStateStore store) {
        this.service = service;
        this.store = store;
    }

    /** @return the previous and new primary version, after a full switch to {@code version} */
    SwitchResult switchTo(String version) {
        SwitchResult result = service.switchTo(version);
        persist();
        return result;
    }

    /** @return the rollout status in force after the update */
    RolloutStatus updateRollout(RolloutUpdate update) {
        RolloutStatus status = service.updateRollout(update);
        persist();
        return status;
    }

    /** A failed write is logged, never fails the change: the new rollout already serves. */
    private void persist() {
        try {
            store.save(service.rolloutPolicy().config());
        } catch (IOException e) {
            LOG.warn("Could not persist serving state to {}: {}", store.file(), e.toString());
        }
    }
}
