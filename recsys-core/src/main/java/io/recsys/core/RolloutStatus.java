package io.recsys.core;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The rollout status object the API shows (the seeds' shape).
 *
 * @param strategy strategy name
 * @param primaryVersion the primary version
 * @param canaryVersion the canary / B / shadow version, or null
 * @param canaryPercentage share of users sent to the canary, 0 to 100
 * @param environment deployment environment name
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RolloutStatus(
        String strategy,
        String primaryVersion,
        String canaryVersion,
        double canaryPercentage,
        String environment) {
}
