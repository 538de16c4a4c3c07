package io.recsys.rollout;

import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutUpdate;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.Route;
import java.util.Set;

/**
 * Strategy {@code fixed}: every user gets the primary version, variant {@code primary}. The route
 * still carries the user's bucket so that recorded predictions can be analysed the same way under
 * every strategy. A canary version in the configuration is ignored and not loaded. Immutable and
 * thread-safe.
 */
public final class FixedPolicy implements RolloutPolicy {
    private final RolloutConfig config;
    private final ModelVersion primary;
    private final UserBuckets buckets;
    private final Set<ModelVersion> versions;

    /**
     * @param config the configuration
     */
    public FixedPolicy(RolloutConfig config) {
        this.config = config;
        this.primary = config.primaryVersion();
        this.buckets = new UserBuckets(config);
        this.versions = Strategies.versions(primary);
    }

    @Override
    public RolloutConfig config() {
        return config;
    }

    @Override
    public Route route(long userId) {
        return new Route(Variants.PRIMARY, primary, null, buckets.bucket(userId));
    }

    /** @return only the primary version: a fixed rollout serves nothing else */
    /** @return a switch to {@code ab_test} with the version as B: a fixed rollout serves only one version */
    @Override
    public RolloutUpdate treatmentUpdate(ModelVersion version) {
        return RolloutUpdate.of(AbTestPolicyProvider.NAME, version.toString(), null);
    }

    @Override
    public Set<ModelVersion> versions() {
        return versions;
    }

    @Override
    public String toString() {
        return "FixedPolicy[" + primary + "]";
    }
}
