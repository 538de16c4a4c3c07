package io.recsys.core.spi;

import io.recsys.core.InvalidRolloutException;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;

/**
 * Service-provider interface: creates a {@link RolloutPolicy} for one strategy name. Registered
 * in {@code META-INF/services/io.recsys.core.spi.RolloutPolicyProvider}.
 */
public interface RolloutPolicyProvider {

    /** @return the strategy name this provider creates, e.g. {@code canary} */
    String name();

    /**
     * @param config the configuration; its {@code strategy} is this provider's name (or an alias)
     * @return the policy
     * @throws InvalidRolloutException when the configuration does not suit this strategy
     */
    RolloutPolicy create(RolloutConfig config);

    /** @return other names this strategy answers to (e.g. {@code control}), none by default */
    default java.util.Set<String> aliases() {
        return java.util.Set.of();
    }
}
