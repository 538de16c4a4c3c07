package io.recsys.rollout;

import io.recsys.core.ModelVersion;
import io.recsys.core.ExperimentArms;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.Route;
import java.util.Set;

/**
 * Strategy {@code canary}: {@code canaryPercentage} percent of users get the canary version
 * (variant {@code canary}), the rest the primary (variant {@code primary}).
 *
 * <ul>
 *   <li>{@link io.recsys.core.Bucketing#HASH HASH} (default): canary iff the user's salted-hash
 *       bucket is below {@code canaryPercentage / 100}. Fractional percentages take effect exactly.
 *   <li>{@link io.recsys.core.Bucketing#MODULO MODULO}: the seeds' rule, canary iff
 *       {@code floorMod(userId, 100) < canaryPercentage} (Python's {@code %} is a floor modulo, so
 *       negative ids behave as in the seeds); the bucket reported is
 *       {@code floorMod(userId, 100) / 100.0}. With 12.5 the ids ending in 00..12 are canaries.
 * </ul>
 *
 * <p>Raising the percentage only adds users to the canary: a user who was a canary at 5% stays one
 * at 25% and 50%. Immutable and thread-safe.
 */
public final class CanaryPolicy implements RolloutPolicy {
    private final RolloutConfig config;
    private final ModelVersion primary;
    private final ModelVersion canary;
    private final UserBuckets buckets;
    private final double threshold;
    private final double percentage;
    private final Set<ModelVersion> versions;

    /**
     * @param config the configuration
     * @throws io.recsys.core.InvalidRolloutException when it has no canary version
     */
    public CanaryPolicy(RolloutConfig config) {
        this.config = config;
        this.primary = config.primaryVersion();
        this.canary = Strategies.requireCanary(config, CanaryPolicyProvider.NAME, "the version to roll out");
        this.buckets = new UserBuckets(config);
        this.percentage = config.canaryPercentage();
        this.threshold = percentage / 100.0;
        this.versions = Strategies.versions(primary, canary);
    }

    @Override
    public RolloutConfig config() {
        return config;
    }

    @Override
    public Route route(long userId) {
        if (buckets.modulo()) {
            int m = Math.floorMod(userId, 100);
            return m < percentage
                    ? new Route(Variants.CANARY, canary, null, m / 100.0)
                    : new Route(Variants.PRIMARY, primary, null, m / 100.0);
        }
        double b = buckets.hashBucket(userId);
        return b < threshold
                ? new Route(Variants.CANARY, canary, null, b)
                : new Route(Variants.PRIMARY, primary, null, b);
    }

    /**
     * @return {@code primary} against {@code canary} at the canary percentage; an even split is
     *     assumed when the percentage is 0 or 100 (no live split to compare)
     */
    @Override
    public ExperimentArms arms() {
        return new ExperimentArms(Variants.PRIMARY, Variants.CANARY,
                percentage > 0 && percentage < 100 ? percentage / 100.0 : 0.5);
    }

    @Override
    public Set<ModelVersion> versions() {
        return versions;
    }

    @Override
    public String toString() {
        return "CanaryPolicy[primary=" + primary + ", canary=" + canary + " at " + percentage + "%, "
                + Strategies.describeBucketing(config) + "]";
    }
}
