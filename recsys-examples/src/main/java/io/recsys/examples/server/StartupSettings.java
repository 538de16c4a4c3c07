package io.recsys.examples.server;

import io.recsys.core.Bucketing;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rollout settings given explicitly at start-up, by a {@code serve} flag or a seed environment
 * variable ({@code MODEL_VERSION}, {@code ROLLOUT_STRATEGY}, {@code CANARY_VERSION},
 * {@code CANARY_PERCENTAGE}, {@code ENVIRONMENT}, {@code ROLLOUT_SALT}, {@code ROLLOUT_BUCKETING}),
 * in canonical form so that {@code 10} and {@code 10.0}, {@code Canary} and {@code canary} compare
 * equal. The serving state records them ({@code started_with}); at the next start a setting whose
 * value differs from the recorded one is a deliberate new deployment and wins over the persisted
 * state, while a setting left as it was lets a run-time change survive the restart.
 *
 * @param given variable name to its canonical value, in {@link #NAMES} order
 * @param sources variable name to where it was given ({@code flag --model-version} or {@code environment})
 */
record StartupSettings(Map<String, String> given, Map<String, String> sources) {
    /** The variables that take part, in the order they are logged. */
    static final List<String> NAMES = List.of("MODEL_VERSION", "ROLLOUT_STRATEGY", "CANARY_VERSION", "CANARY_PERCENTAGE",
            "ENVIRONMENT", "ROLLOUT_SALT", "ROLLOUT_BUCKETING");
    private static final int MAX_VALUE = 256;

    StartupSettings {
        given = Collections.unmodifiableMap(new LinkedHashMap<>(given));
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    /**
     * @param flags the typed settings ({@code serve} flags); each one given wins over its variable
     * @param env the environment
     * @throws io.recsys.core.InvalidVersionException or {@link io.recsys.core.InvalidRolloutException}
     *     for a malformed value
     */
    static StartupSettings from(ServerOptions.InitialRollout flags, Map<String, String> env) {
        var given = new LinkedHashMap<String, String>();
        var sources = new LinkedHashMap<String, String>();
        put(given, sources, "MODEL_VERSION", flags.modelVersion(), "--model-version", env);
        put(given, sources, "ROLLOUT_STRATEGY", flags.strategy(), "--rollout-strategy", env);
        put(given, sources, "CANARY_VERSION", flags.canaryVersion(), "--canary-version", env);
        put(given, sources, "CANARY_PERCENTAGE", flags.canaryPercentage() == null ? null
                : flags.canaryPercentage().toString(), "--canary-percentage", env);
        put(given, sources, "ENVIRONMENT", flags.environment(), "--environment", env);
        put(given, sources, "ROLLOUT_SALT", null, null, env);
        put(given, sources, "ROLLOUT_BUCKETING", null, null, env);
        return new StartupSettings(given, sources);
    }

    private static void put(Map<String, String> given, Map<String, String> sources, String name, String flagValue,
                            String flag, Map<String, String> env) {
        String envValue = env.get(name);
        if (flagValue != null) {
            given.put(name, canonical(name, flagValue));
            sources.put(name, "flag " + flag);
        } else if (envValue != null && !envValue.isBlank()) {
            given.put(name, canonical(name, envValue));
            sources.put(name, "environment");
        }
    }

    /** @return the value as it is compared and recorded */
    static String canonical(String name, String value) {
        String v = value.trim();
        return switch (name) {
            case "MODEL_VERSION", "CANARY_VERSION" -> ModelVersion.parse(v).toString();
            case "ROLLOUT_STRATEGY" -> v.toLowerCase(Locale.ROOT);
            case "CANARY_PERCENTAGE" -> Double.toString(RolloutConfig.parsePercentage(v));
            case "ROLLOUT_BUCKETING" -> Bucketing.valueOf(v.toUpperCase(Locale.ROOT)).name().toLowerCase(Locale.ROOT);
            default -> v;
        };
    }

    /** @return whether any setting that chooses versions or a strategy is given */
    boolean choosesVersions() {
        return given.containsKey("MODEL_VERSION") || given.containsKey("ROLLOUT_STRATEGY")
                || given.containsKey("CANARY_VERSION") || given.containsKey("CANARY_PERCENTAGE");
    }

    /** @return the setting's value in {@code c}, in canonical form (null when {@code c} has none) */
    static String valueIn(RolloutConfig c, String name) {
        return switch (name) {
            case "MODEL_VERSION" -> c.primaryVersion().toString();
            case "ROLLOUT_STRATEGY" -> c.strategy();
            case "CANARY_VERSION" -> c.canaryVersion() == null ? null : c.canaryVersion().toString();
            case "CANARY_PERCENTAGE" -> Double.toString(c.canaryPercentage());
            case "ENVIRONMENT" -> c.environment();
            case "ROLLOUT_SALT" -> c.salt();
            case "ROLLOUT_BUCKETING" -> c.bucketing().name().toLowerCase(Locale.ROOT);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Sets one setting on a rollout being built. */
    static void apply(RolloutConfig.Builder b, String name, String value) {
        switch (name) {
            case "MODEL_VERSION" -> b.primaryVersion(ModelVersion.parse(value));
            case "ROLLOUT_STRATEGY" -> b.strategy(value);
            case "CANARY_VERSION" -> b.canaryVersion(ModelVersion.parse(value));
            case "CANARY_PERCENTAGE" -> b.canaryPercentage(Double.parseDouble(value));
            case "ENVIRONMENT" -> b.environment(value);
            case "ROLLOUT_SALT" -> b.salt(value);
            case "ROLLOUT_BUCKETING" -> b.bucketing(Bucketing.valueOf(value.toUpperCase(Locale.ROOT)));
            default -> throw new IllegalArgumentException(name);
        }
    }

    /**
     * Checks a record read from the (untrusted) state file.
     *
     * @return the record, or null when there is none
     * @throws IllegalArgumentException when it names an unknown setting or holds an invalid value
     */
    static Map<String, String> validRecord(Map<String, String> record) {
        if (record == null) {
            return null;
        }
        var out = new LinkedHashMap<String, String>();
        record.forEach((k, v) -> {
            if (!NAMES.contains(k)) {
                throw new IllegalArgumentException("started_with names an unknown setting");
            }
            if (v == null || v.length() > MAX_VALUE) {
                throw new IllegalArgumentException("started_with." + k + " is missing or too long");
            }
            out.put(k, canonical(k, v));
        });
        return Collections.unmodifiableMap(out);
    }
}
