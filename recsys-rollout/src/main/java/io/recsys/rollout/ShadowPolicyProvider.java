package io.recsys.rollout;

import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.spi.RolloutPolicyProvider;

/** Provides strategy {@code shadow}: serve the primary, score the canary in the shadow. See {@link ShadowPolicy}. */
public final class ShadowPolicyProvider implements RolloutPolicyProvider {
    /** The strategy name. */
    public static final String NAME = "shadow";

    /** Creates the provider; ServiceLoader calls this. */
    public ShadowPolicyProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @param config the configuration
     * @return a {@link ShadowPolicy}
     * @throws io.recsys.core.InvalidRolloutException when the configuration does not suit this strategy
     */
    @Override
    public RolloutPolicy create(RolloutConfig config) {
        return new ShadowPolicy(config);
    }
}
