package io.recsys.core;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Decides which model version serves a user. Immutable and thread-safe; {@link #route(long)} is
 * on the request path, so it is cheap (no allocation beyond the {@link Route}, no locks) and
 * deterministic: the same user and configuration always give the same route.
 */
public interface RolloutPolicy {

    /** @return the configuration this policy was made from */
    RolloutConfig config();

    /**
     * @param userId the user id
     * @return where this user's request goes
     */
    Route route(long userId);

    /** @return the status object the API shows */
    default RolloutStatus describe() {
        return config().status();
    }

    /** @return every version this policy can serve or shadow, which must be loaded before it serves */
    default Set<ModelVersion> versions() {
        var set = new LinkedHashSet<ModelVersion>();
        set.add(config().primaryVersion());
        if (config().canaryVersion() != null) {
            set.add(config().canaryVersion());
        }
        return set;
    }

    /**
     * The variants an experiment on this rollout compares. The default suits strategies without a
     * live split: the primary's variant {@code primary} against whatever served as {@code canary}
     * earlier in the window, at an assumed even split.
     *
     * @return control and treatment variant names and the treatment's intended share
     */
    default ExperimentArms arms() {
        return new ExperimentArms("primary", "canary", 0.5);
    }

    /**
     * What making {@code version} the treatment (the second version) means for this strategy. By
     * default the second version is replaced and the strategy kept; a strategy that serves only one
     * version names the strategy that serves two.
     *
     * @param version the new treatment version
     * @return the update to apply
     */
    default RolloutUpdate treatmentUpdate(ModelVersion version) {
        return RolloutUpdate.of(null, version.toString(), null);
    }

    /**
     * What making {@code version} the control (the primary) means for this strategy: by default the
     * primary is replaced, the strategy and the treatment kept.
     *
     * @param version the new control version
     * @return the update to apply
     */
    default RolloutUpdate controlUpdate(ModelVersion version) {
        return new RolloutUpdate(null, null, null, version.toString());
    }
}
