package io.recsys.core.testing;

import io.recsys.core.InvalidRolloutException;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicies;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.Route;
import io.recsys.core.spi.RolloutPolicyProvider;
import java.util.List;

/**
 * Minimal rollout strategies for core's own tests (the real ones live in recsys-rollout):
 * {@code fixed}, {@code canary} ({@code user % 100 < pct}) and {@code shadow}.
 */
public final class TestPolicies {
    private TestPolicies() {
    }

    /** @return a factory over the three test strategies */
    public static RolloutPolicies all() {
        return RolloutPolicies.of(List.of(provider("fixed"), provider("canary"), provider("shadow")));
    }

    private static RolloutPolicyProvider provider(String name) {
        return new RolloutPolicyProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public RolloutPolicy create(RolloutConfig config) {
                if (!name.equals("fixed") && config.canaryVersion() == null) {
                    throw new InvalidRolloutException(name + " needs a canary_version");
                }
                return new RolloutPolicy() {
                    @Override
                    public RolloutConfig config() {
                        return config;
                    }

                    @Override
                    public Route route(long userId) {
                        double bucket = Math.floorMod(userId, 100) / 100.0;
                        return switch (name) {
                            case "canary" -> bucket * 100 < config.canaryPercentage()
                                    ? new Route("canary", config.canaryVersion(), null, bucket)
                                    : new Route("primary", config.primaryVersion(), null, bucket);
                            case "shadow" -> new Route("primary", config.primaryVersion(), config.canaryVersion(), bucket);
                            default -> new Route("primary", config.primaryVersion(), null, bucket);
                        };
                    }
                };
            }
        };
    }
}
