package io.recsys.core;

/**
 * A run-time rollout change as it arrives from an operator, each field optional (null keeps the
 * current value). Values are raw text so that malformed input is reported by name.
 *
 * @param strategy new strategy name, or null
 * @param canaryVersion new canary version ({@code ""} clears it), or null
 * @param canaryPercentage new canary percentage, or null
 * @param primaryVersion new primary version, or null
 */
public record RolloutUpdate(String strategy, String canaryVersion, String canaryPercentage, String primaryVersion) {

    /**
     * @param strategy new strategy name, or null
     * @param canaryVersion new canary version, or null
     * @param canaryPercentage new canary percentage, or null
     * @return an update that keeps the primary version
     */
    public static RolloutUpdate of(String strategy, String canaryVersion, String canaryPercentage) {
        return new RolloutUpdate(strategy, canaryVersion, canaryPercentage, null);
    }
}
