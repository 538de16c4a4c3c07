package io.recsys.rollout;

import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Helpers around {@link RolloutConfig} that the strategies of this module make useful. */
public final class RolloutConfigs {
    /** Prefix of the environment variables that become strategy parameters. */
    public static final String PARAM_PREFIX = "ROLLOUT_PARAM_";

    private RolloutConfigs() {
    }

    /**
     * {@link RolloutConfig#fromEnvironment} plus strategy parameters: every variable
     * {@code ROLLOUT_PARAM_<NAME>} becomes parameter {@code <name>} (lower case), for example
     * {@code ROLLOUT_PARAM_SPLIT=30} for a 70/30 {@code ab_test}.
     *
     * @param env the environment, e.g. {@code System.getenv()}
     * @param defaultPrimary supplies the primary version when {@code MODEL_VERSION} is unset
     * @return the configuration
     * @throws io.recsys.core.InvalidRolloutException or {@link io.recsys.core.InvalidVersionException}
     *     for malformed values
     */
    public static RolloutConfig fromEnvironment(Map<String, String> env, Supplier<ModelVersion> defaultPrimary) {
        var b = RolloutConfig.fromEnvironment(env, defaultPrimary).toBuilder();
        env.forEach((k, v) -> {
            if (k.startsWith(PARAM_PREFIX) && k.length() > PARAM_PREFIX.length() && v != null) {
                b.param(k.substring(PARAM_PREFIX.length()).toLowerCase(Locale.ROOT), v.trim());
            }
        });
        return b.build();
    }

    /**
     * The configuration after {@code /switch?model=version}: everyone gets that version. A switch
     * ends any canary, A/B test or shadow, which is what all three of the seeds' uses of
     * {@code /switch} want: promoting a canary (the version becomes the primary, and a canary equal
     * to the primary would be rejected anyway), picking an A/B winner, and emergency rollback
     * (nobody must stay on the bad canary). Environment, salt, bucketing and parameters are kept,
     * so a later canary of the same experiment reuses its buckets.
     *
     * @param current the configuration in force
     * @param version the version to serve to everyone
     * @return a {@code fixed} configuration of that version
     */
    public static RolloutConfig switchTo(RolloutConfig current, ModelVersion version) {
        return current.toBuilder()
                .strategy(FixedPolicyProvider.NAME)
                .primaryVersion(version)
                .canaryVersion(null)
                .canaryPercentage(0.0)
                .build();
    }
}
