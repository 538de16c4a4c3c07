package io.recsys.rollout;

import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.spi.RolloutPolicyProvider;
import java.util.Set;

/** Provides strategy {@code ab_test}: version A (primary) against version B (canary version). See {@link AbTestPolicy}. */
public final class AbTestPolicyProvider implements RolloutPolicyProvider {
    /** The strategy name. */
    public static final String NAME = "ab_test";

    /** Creates the provider; ServiceLoader calls this. */
    public AbTestPolicyProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return {@code abtest}, {@code ab-test} and {@code ab} */
    @Override
    public Set<String> aliases() {
        return Set.of("abtest", "ab-test", "ab");
    }

    /**
     * @param config the configuration
     * @return an {@link AbTestPolicy}
     * @throws io.recsys.core.InvalidRolloutException when the configuration does not suit this strategy
     */
    @Override
    public RolloutPolicy create(RolloutConfig config) {
        return new AbTestPolicy(config);
    }
}
