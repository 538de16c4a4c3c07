package io.recsys.rollout;

import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.spi.RolloutPolicyProvider;

/** Provides strategy {@code fixed}: all traffic to the primary version. See {@link FixedPolicy}. */
public final class FixedPolicyProvider implements RolloutPolicyProvider {
    /** The strategy name. */
    public static final String NAME = "fixed";

    /** Creates the provider; ServiceLoader calls this. */
    public FixedPolicyProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @param config the configuration
     * @return a {@link FixedPolicy}
     * @throws io.recsys.core.InvalidRolloutException when the configuration does not suit this strategy
     */
    @Override
    public RolloutPolicy create(RolloutConfig config) {
        return new FixedPolicy(config);
    }
}
