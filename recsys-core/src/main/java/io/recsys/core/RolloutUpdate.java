package io.recsys.core;

import java.util.Map;

/**
 * A run-time rollout change as it arrives from an operator, each field optional (null keeps the
 * current value). Values are raw text so that malformed input is reported by name.
 *
 * @param strategy new strategy name, or null
 * @param canaryVersion new canary version ({@code ""} clears it), or null
 * @param canaryPercentage new canary percentage, or null
 * @param primaryVersion new primary version, or null
 * @param params strategy options to set (e.g. {@code split} for {@code ab_test}); an empty value
 *     removes the option; options not named keep their value
 */
public record RolloutUpdate(String strategy, String canaryVersion, String canaryPercentage, String primaryVersion,
                            Map<String, String> params) {

    /** Copies the options. */
    public RolloutUpdate {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /**
     * @param strategy new strategy name, or null
     * @param canaryVersion new canary version, or null
     * @param canaryPercentage new canary percentage, or null
     * @param primaryVersion new primary version, or null
     */
    public RolloutUpdate(String strategy, String canaryVersion, String canaryPercentage, String primaryVersion) {
        this(strategy, canaryVersion, canaryPercentage, primaryVersion, Map.of());
    }

    /**
     * @param strategy new strategy name, or null
     * @param canaryVersion new canary version, or null
     * @param canaryPercentage new canary percentage, or null
     * @return an update that keeps the primary version and the options
     */
    public static RolloutUpdate of(String strategy, String canaryVersion, String canaryPercentage) {
        return new RolloutUpdate(strategy, canaryVersion, canaryPercentage, null);
    }

    /** @return whether the update changes nothing */
    public boolean isEmpty() {
        return strategy == null && canaryVersion == null && canaryPercentage == null && primaryVersion == null
                && params.isEmpty();
    }
}
