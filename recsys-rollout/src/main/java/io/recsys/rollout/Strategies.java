package io.recsys.rollout;

import io.recsys.core.Bucketing;
import io.recsys.core.InvalidRolloutException;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** Checks and small pieces the built-in strategies share. */
final class Strategies {
    private Strategies() {
    }

    /**
     * @return the canary version
     * @throws InvalidRolloutException when the configuration has none
     */
    static ModelVersion requireCanary(RolloutConfig config, String strategy, String role) {
        if (config.canaryVersion() == null) {
            throw new InvalidRolloutException("Strategy '" + strategy + "' needs a canary version (" + role
                    + "): set CANARY_VERSION, or canary_version=vX.Y in the update");
        }
        return config.canaryVersion();
    }

    static Set<ModelVersion> versions(ModelVersion... versions) {
        var set = new LinkedHashSet<ModelVersion>();
        Collections.addAll(set, versions);
        return Collections.unmodifiableSet(set);
    }

    static String describeBucketing(RolloutConfig config) {
        return config.bucketing() == Bucketing.MODULO ? "modulo" : "hash salt '" + config.salt() + "'";
    }
}
