package io.recsys.rollout.plugin;

import io.recsys.core.Bucketing;
import io.recsys.core.InvalidRolloutException;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.Route;
import io.recsys.rollout.SaltedHash;
import java.util.Arrays;

/** Listed users get the canary (variant {@code canary}), the rest the primary. Immutable. */
final class AllowlistPolicy implements RolloutPolicy {
    static final String USERS_PARAM = "users";

    private final RolloutConfig config;
    private final ModelVersion primary;
    private final ModelVersion canary;
    private final long[] sortedUsers;
    private final long seed;
    private final boolean modulo;

    AllowlistPolicy(RolloutConfig config) {
        if (config.canaryVersion() == null) {
            throw new InvalidRolloutException("Strategy 'allowlist' needs a canary version for the listed users");
        }
        this.config = config;
        this.primary = config.primaryVersion();
        this.canary = config.canaryVersion();
        this.sortedUsers = parseUsers(config.params().getOrDefault(USERS_PARAM, ""));
        this.seed = SaltedHash.seed(config.salt());
        this.modulo = config.bucketing() == Bucketing.MODULO;
    }

    @Override
    public RolloutConfig config() {
        return config;
    }

    @Override
    public Route route(long userId) {
        // The bucket does not decide here, but it is recorded like the built-in strategies' one.
        double bucket = modulo ? Math.floorMod(userId, 100) / 100.0 : SaltedHash.bucket(seed, userId);
        return Arrays.binarySearch(sortedUsers, userId) >= 0
                ? new Route("canary", canary, null, bucket)
                : new Route("primary", primary, null, bucket);
    }

    private static long[] parseUsers(String text) {
        if (text.isBlank()) {
            return new long[0];
        }
        String[] parts = text.split(",");
        long[] ids = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InvalidRolloutException("allowlist parameter users must be comma-separated user ids, got '"
                        + parts[i].trim() + "'", e);
            }
        }
        Arrays.sort(ids);
        return ids;
    }
}
