package io.recsys.core.serving;

import io.recsys.core.ModelVersion;
import io.recsys.core.Recommender;
import io.recsys.core.RolloutPolicy;
import java.util.Map;

/**
 * One immutable serving snapshot: the rollout policy and every model it can route to. A request
 * reads one snapshot and uses only it, so it never sees half a switch.
 *
 * @param policy the rollout policy
 * @param models loaded models by version; holds every version of {@code policy.versions()}
 */
public record ServingState(RolloutPolicy policy, Map<ModelVersion, Recommender> models) {

    /** Copies the map and checks that every version the policy names is loaded. */
    public ServingState {
        models = Map.copyOf(models);
        for (ModelVersion v : policy.versions()) {
            if (!models.containsKey(v)) {
                throw new IllegalArgumentException("Rollout names " + v + " but it is not loaded");
            }
        }
    }

    /** @return the primary version */
    public ModelVersion primaryVersion() {
        return policy.config().primaryVersion();
    }

    /** @return the primary model */
    public Recommender primary() {
        return models.get(primaryVersion());
    }

    /**
     * @param version a version the policy routes to
     * @return its model
     */
    public Recommender model(ModelVersion version) {
        Recommender r = models.get(version);
        if (r == null) {
            throw new IllegalStateException("Version " + version + " is not loaded in this snapshot");
        }
        return r;
    }
}
