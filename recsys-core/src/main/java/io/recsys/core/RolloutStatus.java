package io.recsys.core;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The rollout status object the API shows (the seeds' shape).
 *
 * @param strategy strategy name
 * @param primaryVersion the primary version
 * @param canaryVersion the canary / B / shadow version, or null
 * @param canaryPercentage share of users sent to the canary, 0 to 100
 * @param environment deployment environment name
 */
public record RolloutStatus(
        @JsonProperty("strategy") String strategy,
        @JsonProperty("primary_version") String primaryVersion,
        @JsonProperty("canary_version") String canaryVersion,
        @JsonProperty("canary_percentage") double canaryPercentage,
        @JsonProperty("environment") String environment) {
}
