package io.recsys.rollout;

import io.recsys.core.Bucketing;
import io.recsys.core.RolloutConfig;

/**
 * Maps user ids to buckets in [0,1) for one configuration: the salted hash, or the seeds'
 * {@code floorMod(userId, 100) / 100.0}. Immutable; the salt is hashed once here, so
 * {@link #bucket(long)} is a handful of multiplications and shifts.
 */
final class UserBuckets {
    private final long seed;
    private final boolean modulo;

    UserBuckets(RolloutConfig config) {
        this.seed = SaltedHash.seed(config.salt());
        this.modulo = config.bucketing() == Bucketing.MODULO;
    }

    boolean modulo() {
        return modulo;
    }

    /** @return the hash bucket, or {@code floorMod(userId, 100) / 100.0} in modulo mode */
    double bucket(long userId) {
        return modulo ? Math.floorMod(userId, 100) / 100.0 : SaltedHash.bucket(seed, userId);
    }

    /** @return the hash bucket (modulo mode never calls this) */
    double hashBucket(long userId) {
        return SaltedHash.bucket(seed, userId);
    }
}
