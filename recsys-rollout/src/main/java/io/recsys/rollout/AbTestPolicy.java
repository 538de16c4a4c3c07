package io.recsys.rollout;

import io.recsys.core.InvalidRequestException;
import io.recsys.core.InvalidRolloutException;
import io.recsys.core.ModelVersion;
import io.recsys.core.ExperimentArms;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.RolloutStatus;
import io.recsys.core.Route;
import java.util.Locale;
import java.util.Set;

/**
 * Strategy {@code ab_test}: version A (the primary, variant {@code A}) against version B (the
 * canary version, variant {@code B}). The share of users for B is the parameter
 * {@value #SPLIT_PARAM} (a percentage, default {@value #DEFAULT_SPLIT}), not
 * {@code canaryPercentage}: the seeds start an A/B test with
 * {@code /rollout/update?strategy=ab_test&canary_version=v0.4}, which keeps whatever percentage the
 * previous strategy had (0 after {@code fixed}), and still expect a 50/50 split.
 * {@link #describe()} reports the split as {@code canary_percentage}, the share of users B gets.
 *
 * <ul>
 *   <li>{@link io.recsys.core.Bucketing#HASH HASH} (default): B iff the user's salted-hash bucket
 *       is below {@code split / 100}.
 *   <li>{@link io.recsys.core.Bucketing#MODULO MODULO}: the seeds' rule, even user ids get B and
 *       odd ones A; the bucket reported is {@code floorMod(userId, 2) / 2.0} (0.0 for even, 0.5 for
 *       odd ids), so "B iff bucket &lt; split / 100" holds in both modes. Parity can only split
 *       50/50, so any other split is rejected in this mode.
 * </ul>
 *
 * <p>Where a user names a variant, the seeds' {@code control} and {@code treatment} are accepted:
 * see {@link #variantForName(String)}. Immutable and thread-safe.
 */
public final class AbTestPolicy implements RolloutPolicy {
    /** Parameter holding the percentage of users for B. */
    public static final String SPLIT_PARAM = "split";
    /** Default percentage of users for B. */
    public static final double DEFAULT_SPLIT = 50.0;

    private final RolloutConfig config;
    private final ModelVersion a;
    private final ModelVersion b;
    private final UserBuckets buckets;
    private final double split;
    private final double threshold;
    private final Set<ModelVersion> versions;

    /**
     * @param config the configuration
     * @throws InvalidRolloutException when it has no canary version (B), when {@value #SPLIT_PARAM}
     *     is not a number from 0 to 100, or when modulo bucketing is asked for a split other than 50
     */
    public AbTestPolicy(RolloutConfig config) {
        this.config = config;
        this.a = config.primaryVersion();
        this.b = Strategies.requireCanary(config, AbTestPolicyProvider.NAME, "version B");
        this.buckets = new UserBuckets(config);
        this.split = parseSplit(config.params().get(SPLIT_PARAM));
        if (buckets.modulo() && split != DEFAULT_SPLIT) {
            throw new InvalidRolloutException("ab_test with modulo bucketing splits users by id parity, always 50/50; "
                    + "split=" + split + " needs hash bucketing");
        }
        this.threshold = split / 100.0;
        this.versions = Strategies.versions(a, b);
    }

    /**
     * Resolves a variant name as a user may write it.
     *
     * @param name {@code A}, {@code control} or {@code primary} for A; {@code B}, {@code treatment}
     *     or {@code canary} for B (any case, surrounding blanks ignored)
     * @return {@link Variants#A} or {@link Variants#B}
     * @throws InvalidRequestException for any other name
     */
    public static String variantForName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "a", "control", "primary":
                return Variants.A;
            case "b", "treatment", "canary":
                return Variants.B;
            default:
                throw new InvalidRequestException("Unknown A/B variant '" + name
                        + "'; use A (or control) or B (or treatment)");
        }
    }

    /**
     * @param name a variant name, see {@link #variantForName(String)}
     * @return the version that variant serves
     * @throws InvalidRequestException for an unknown name
     */
    public ModelVersion versionOf(String name) {
        return Variants.A.equals(variantForName(name)) ? a : b;
    }

    /** @return the percentage of users B gets */
    public double split() {
        return split;
    }

    @Override
    public RolloutConfig config() {
        return config;
    }

    @Override
    public Route route(long userId) {
        if (buckets.modulo()) {
            return (userId & 1L) == 0
                    ? new Route(Variants.B, b, null, 0.0)
                    : new Route(Variants.A, a, null, 0.5);
        }
        double bucket = buckets.hashBucket(userId);
        return bucket < threshold
                ? new Route(Variants.B, b, null, bucket)
                : new Route(Variants.A, a, null, bucket);
    }

    /** @return the configuration's status, with {@code canary_percentage} set to the share of users for B */
    @Override
    public RolloutStatus describe() {
        var s = config.status();
        return new RolloutStatus(s.strategy(), s.primaryVersion(), s.canaryVersion(), split, s.environment(),
                s.bucketing(), s.saltId());
    }

    /** @return {@code A} against {@code B}, compared as the seeds' even split */
    @Override
    public ExperimentArms arms() {
        return new ExperimentArms(Variants.A, Variants.B, 0.5);
    }

    @Override
    public Set<ModelVersion> versions() {
        return versions;
    }

    @Override
    public String toString() {
        return "AbTestPolicy[A=" + a + ", B=" + b + " at " + split + "%, " + Strategies.describeBucketing(config) + "]";
    }

    private static double parseSplit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_SPLIT;
        }
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v) || v < 0.0 || v > 100.0) {
            String shown = text.length() <= 40 ? text : text.substring(0, 40) + "...";
            throw new InvalidRolloutException("ab_test parameter split (percentage of users for B) must be a number "
                    + "from 0 to 100, got '" + shown + "'");
        }
        return v;
    }
}
