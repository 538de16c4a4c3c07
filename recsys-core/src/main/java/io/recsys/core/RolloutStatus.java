package io.recsys.core;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The rollout status object the API shows: the seeds' shape, then how users are bucketed, so a
 * client can tell why a user is or is not in the canary.
 *
 * @param strategy strategy name
 * @param primaryVersion the primary version
 * @param canaryVersion the canary / B / shadow version, or null
 * @param canaryPercentage share of users sent to the canary, 0 to 100
 * @param environment deployment environment name
 * @param bucketing {@code hash} (salted hash of the user id) or {@code modulo} (the seeds' {@code user_id % 100})
 * @param saltId the salt's identity, not its value: the first 8 hex digits of its SHA-256 (null when unknown)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RolloutStatus(
        String strategy,
        String primaryVersion,
        String canaryVersion,
        double canaryPercentage,
        String environment,
        String bucketing,
        String saltId) {

    /**
     * A status without bucketing details (policies that do not bucket, tests).
     *
     * @param strategy strategy name
     * @param primaryVersion the primary version
     * @param canaryVersion the canary version, or null
     * @param canaryPercentage share of users sent to the canary
     * @param environment deployment environment name
     */
    public RolloutStatus(String strategy, String primaryVersion, String canaryVersion, double canaryPercentage,
                         String environment) {
        this(strategy, primaryVersion, canaryVersion, canaryPercentage, environment, null, null);
    }

    /**
     * @param salt a bucketing salt
     * @return its identity: the first 8 hex digits of its SHA-256, enough to tell two salts apart and
     *     useless to recover the salt
     */
    public static String saltId(String salt) {
        if (salt == null) {
            return null;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(salt.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param bucketing a bucketing mode
     * @return its API name, {@code hash} or {@code modulo}
     */
    public static String bucketingName(Bucketing bucketing) {
        return bucketing == null ? null : bucketing.name().toLowerCase(Locale.ROOT);
    }
}
