package io.recsys.rollout;

import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.spi.RolloutPolicyProvider;

/** Provides strategy {@code canary}: a percentage of users to the canary version. See {@link CanaryPolicy}. */
public final class CanaryPolicyProvider implements RolloutPolicyProvider {
    /** The strategy name. */
    public static final String NAME = "canary";

    /** Creates the provider; ServiceLoader calls this. */
    public CanaryPolicyProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @param config the configuration
     * @return a {@link CanaryPolicy}
     * @throws io.recsys.core.InvalidRolloutException when the configuration does not suit this strategy
     */
    @Override
    public RolloutPolicy create(RolloutConfig config) {
        return new CanaryPolicy(config);
    }
}
