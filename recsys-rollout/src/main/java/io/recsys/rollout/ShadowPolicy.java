package io.recsys.rollout;

import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.Route;
import java.util.Set;

/**
 * Strategy {@code shadow}: every user is served the primary version (variant {@code primary}) and
 * every route names the canary as its {@link Route#shadowVersion() shadow version}, which the
 * caller scores off the request path and records. {@code canaryPercentage} is not used. Immutable
 * and thread-safe.
 */
public final class ShadowPolicy implements RolloutPolicy {
    private final RolloutConfig config;
    private final ModelVersion primary;
    private final ModelVersion shadow;
    private final UserBuckets buckets;
    private final Set<ModelVersion> versions;

    /**
     * @param config the configuration
     * @throws io.recsys.core.InvalidRolloutException when it has no canary version to shadow
     */
    public ShadowPolicy(RolloutConfig config) {
        this.config = config;
        this.primary = config.primaryVersion();
        this.shadow = Strategies.requireCanary(config, ShadowPolicyProvider.NAME, "the version scored in the shadow");
        this.buckets = new UserBuckets(config);
        this.versions = Strategies.versions(primary, shadow);
    }

    @Override
    public RolloutConfig config() {
        return config;
    }

    @Override
    public Route route(long userId) {
        return new Route(Variants.PRIMARY, primary, shadow, buckets.bucket(userId));
    }

    @Override
    public Set<ModelVersion> versions() {
        return versions;
    }

    @Override
    public String toString() {
        return "ShadowPolicy[serve=" + primary + ", shadow=" + shadow + "]";
    }
}
