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
}
