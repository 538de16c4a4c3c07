package io.recsys.rollout.plugin;

import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.spi.RolloutPolicyProvider;

/**
 * A third-party strategy, written as another jar would write it: strategy {@code allowlist} sends
 * the users listed in parameter {@code users} (comma-separated ids) to the canary and everyone
 * else to the primary. Registered only in the test sources' {@code META-INF/services}.
 */
public final class AllowlistPolicyProvider implements RolloutPolicyProvider {
    /** The strategy name. */
    public static final String NAME = "allowlist";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RolloutPolicy create(RolloutConfig config) {
        return new AllowlistPolicy(config);
    }
}
