package io.recsys.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a rollout policy is made from. Immutable; build with {@link #builder(ModelVersion)},
 * read from the seeds' environment variables with {@link #fromEnvironment}, change with
 * {@link #apply(RolloutUpdate)}.
 *
 * @param strategy strategy name, e.g. {@code fixed}, {@code canary}, {@code ab_test}, {@code shadow}
 * @param primaryVersion the version most users get
 * @param canaryVersion the second version, or null
 * @param canaryPercentage share of users for the canary, 0 to 100 ({@code ab_test} takes its split from
 *     {@code params.split}, default 50)
 * @param environment deployment environment name
 * @param salt experiment salt for hash bucketing
 * @param bucketing how users map to buckets
 * @param params strategy-specific options (for plugins)
 */
public record RolloutConfig(
        String strategy,
        ModelVersion primaryVersion,
        ModelVersion canaryVersion,
        double canaryPercentage,
        String environment,
        String salt,
        Bucketing bucketing,
        Map<String, String> params) {

    /** Default strategy. */
    public static final String FIXED = "fixed";
    /** Prefix of the environment variables that become strategy parameters ({@code ROLLOUT_PARAM_SPLIT=30}). */
    public static final String PARAM_PREFIX = "ROLLOUT_PARAM_";
    /** Default environment name. */
    public static final String DEFAULT_ENVIRONMENT = "production";
    /** Default salt. */
    public static final String DEFAULT_SALT = "recsys";

    /**
     * Validates the generic rules: a strategy name, a primary version, a finite percentage in
     * [0,100], and a canary different from the primary. Strategy-specific rules (e.g. a canary
     * strategy needs a canary version) are checked by the strategy's provider.
     *
     * @throws InvalidRolloutException when a rule is broken
     */
    public RolloutConfig {
        if (strategy == null || strategy.isBlank()) {
            throw new InvalidRolloutException("Rollout strategy is missing");
        }
        strategy = strategy.trim().toLowerCase(Locale.ROOT);
        if (primaryVersion == null) {
            throw new InvalidRolloutException("Rollout has no primary version");
        }
        if (!Double.isFinite(canaryPercentage) || canaryPercentage < 0.0 || canaryPercentage > 100.0) {
            throw new InvalidRolloutException("canary_percentage must be a number from 0 to 100, got " + canaryPercentage);
        }
        if (primaryVersion.equals(canaryVersion)) {
            throw new InvalidRolloutException("canary_version " + canaryVersion + " is the primary version; choose another version");
        }
        environment = environment == null || environment.isBlank() ? DEFAULT_ENVIRONMENT : environment;
        salt = salt == null || salt.isEmpty() ? DEFAULT_SALT : salt;
        bucketing = bucketing == null ? Bucketing.HASH : bucketing;
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /**
     * @param primaryVersion the version most users get
     * @return a builder for a {@code fixed} rollout of that version
     */
    public static Builder builder(ModelVersion primaryVersion) {
        return new Builder(primaryVersion);
    }

    /** @return a builder preset with this configuration */
    public Builder toBuilder() {
        var b = new Builder(primaryVersion);
        b.strategy = strategy;
        b.canaryVersion = canaryVersion;
        b.canaryPercentage = canaryPercentage;
        b.environment = environment;
        b.salt = salt;
        b.bucketing = bucketing;
        b.params.putAll(params);
        return b;
    }

    /**
     * Reads the seeds' variables: {@code ROLLOUT_STRATEGY} (default {@code fixed}),
     * {@code MODEL_VERSION} (default: {@code defaultPrimary}), {@code CANARY_VERSION},
     * {@code CANARY_PERCENTAGE} (default 0), {@code ENVIRONMENT} (default {@code production}),
     * plus {@code ROLLOUT_SALT}, {@code ROLLOUT_BUCKETING} ({@code hash} or {@code modulo}) and
     * {@code ROLLOUT_PARAM_<NAME>} strategy parameters (lower-cased names, trimmed values).
     *
     * @param env the environment, e.g. {@code System.getenv()}
     * @param defaultPrimary supplies the primary version when {@code MODEL_VERSION} is unset
     * @return the configuration
     * @throws InvalidRolloutException or {@link InvalidVersionException} for malformed values
     */
    public static RolloutConfig fromEnvironment(Map<String, String> env, Supplier<ModelVersion> defaultPrimary) {
        var params = new java.util.TreeMap<String, String>();
        env.forEach((k, v) -> {
            if (k.startsWith(PARAM_PREFIX) && k.length() > PARAM_PREFIX.length() && v != null) {
                params.put(k.substring(PARAM_PREFIX.length()).toLowerCase(Locale.ROOT), v.trim());
            }
        });
        String primary = blankToNull(env.get("MODEL_VERSION"));
        String canary = blankToNull(env.get("CANARY_VERSION"));
        String pct = blankToNull(env.get("CANARY_PERCENTAGE"));
        String bucketing = blankToNull(env.get("ROLLOUT_BUCKETING"));
        return new RolloutConfig(
                Objects.requireNonNullElse(blankToNull(env.get("ROLLOUT_STRATEGY")), FIXED),
                primary == null ? defaultPrimary.get() : ModelVersion.parse(primary),
                canary == null ? null : ModelVersion.parse(canary),
                pct == null ? 0.0 : parsePercentage(pct),
                env.get("ENVIRONMENT"),
                env.get("ROLLOUT_SALT"),
                bucketing == null ? null : parseBucketing(bucketing),
                params);
    }

    /**
     * The configuration a version switch installs: everyone on {@code version} (a fixed rollout),
     * keeping the environment, salt, bucketing and parameters. A switch during a canary is the
     * emergency rollback for everyone.
     *
     * @param version the version to serve to everyone
     * @return the new configuration
     */
    public RolloutConfig switchTo(ModelVersion version) {
        return toBuilder().strategy(FIXED).primaryVersion(version).canaryVersion(null).canaryPercentage(0.0).build();
    }

    /**
     * Applies a run-time update: what the update does not give keeps its current value.
     *
     * @param update the update
     * @return the new configuration (validated by the generic rules)
     * @throws InvalidRolloutException or {@link InvalidVersionException} for malformed values
     */
    public RolloutConfig apply(RolloutUpdate update) {
        var b = toBuilder();
        if (update.strategy() != null) {
            b.strategy(update.strategy());
        }
        if (update.primaryVersion() != null) {
            b.primaryVersion = ModelVersion.parse(update.primaryVersion());
        }
        if (update.canaryVersion() != null) {
            b.canaryVersion(update.canaryVersion().isEmpty() ? null : ModelVersion.parse(update.canaryVersion()));
        }
        if (update.canaryPercentage() != null) {
            b.canaryPercentage(parsePercentage(update.canaryPercentage()));
        }
        update.params().forEach((k, v) -> {
            if (v.isEmpty()) {
                b.params.remove(k);
            } else {
                b.params.put(k, v);
            }
        });
        if (FIXED.equals(b.strategy.trim().toLowerCase(Locale.ROOT)) && update.canaryVersion() == null) {
            // A fixed rollout routes nobody to a canary: keep the field only when explicitly given.
            b.canaryVersion = null;
            b.canaryPercentage = 0.0;
        }
        return b.build();
    }

    /** @return the status object the API shows */
    public RolloutStatus status() {
        return new RolloutStatus(strategy, primaryVersion.toString(),
                canaryVersion == null ? null : canaryVersion.toString(), canaryPercentage, environment,
                RolloutStatus.bucketingName(bucketing), RolloutStatus.saltId(salt));
    }

    /**
     * @param text a percentage such as {@code 10} or {@code 12.5}
     * @return the value
     * @throws InvalidRolloutException when it is not a finite number in [0,100]
     */
    public static double parsePercentage(String text) {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRolloutException("canary_percentage must be a number from 0 to 100, got '" + abbreviate(text) + "'");
        }
        if (!Double.isFinite(v) || v < 0.0 || v > 100.0) {
            throw new InvalidRolloutException("canary_percentage must be a number from 0 to 100, got '" + abbreviate(text) + "'");
        }
        return v;
    }

    private static Bucketing parseBucketing(String text) {
        try {
            return Bucketing.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRolloutException("Unknown bucketing '" + abbreviate(text) + "'; known: hash, modulo");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** Builder of {@link RolloutConfig}. */
    public static final class Builder {
        private String strategy = FIXED;
        private ModelVersion primaryVersion;
        private ModelVersion canaryVersion;
        private double canaryPercentage;
        private String environment = DEFAULT_ENVIRONMENT;
        private String salt = DEFAULT_SALT;
        private Bucketing bucketing = Bucketing.HASH;
        private final Map<String, String> params = new LinkedHashMap<>();

        private Builder(ModelVersion primaryVersion) {
            this.primaryVersion = primaryVersion;
        }

        /** @param value strategy name @return this */
        public Builder strategy(String value) {
            this.strategy = value;
            return this;
        }

        /** @param value the primary version @return this */
        public Builder primaryVersion(ModelVersion value) {
            this.primaryVersion = value;
            return this;
        }

        /** @param value the canary version, or null @return this */
        public Builder canaryVersion(ModelVersion value) {
            this.canaryVersion = value;
            return this;
        }

        /** @param value canary share, 0 to 100 @return this */
        public Builder canaryPercentage(double value) {
            this.canaryPercentage = value;
            return this;
        }

        /** @param value environment name @return this */
        public Builder environment(String value) {
            this.environment = value;
            return this;
        }

        /** @param value experiment salt @return this */
        public Builder salt(String value) {
            this.salt = value;
            return this;
        }

        /** @param value bucketing mode @return this */
        public Builder bucketing(Bucketing value) {
            this.bucketing = value;
            return this;
        }

        /** @param key option name @param value option value @return this */
        public Builder param(String key, String value) {
            this.params.put(key, value);
            return this;
        }

        /** @return the configuration @throws InvalidRolloutException when a generic rule is broken */
        public RolloutConfig build() {
            return new RolloutConfig(strategy, primaryVersion, canaryVersion, canaryPercentage, environment, salt,
                    bucketing, params);
        }
    }
}
