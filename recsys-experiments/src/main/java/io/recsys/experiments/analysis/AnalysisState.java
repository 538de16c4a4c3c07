package io.recsys.experiments.analysis;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link RolloutAnalysis} needs to resume after a restart: its plan, versions, status,
 * step and the sequential tests' evidence so far. A plain value, to be stored durably by the caller.
 *
 * <p>The evidence survives a restart as a log-likelihood ratio: the in-memory counts start again
 * from zero, and the new segment's ratio is multiplied onto the old one. Under the null hypothesis
 * the product of a stopped mixture martingale and a fresh, independent one is again a nonnegative
 * supermartingale, so Ville's inequality (and with it the alpha of the analysis) still holds
 * across restarts.
 *
 * @param plan the plan
 * @param primaryVersion the primary version
 * @param canaryVersion the canary version
 * @param status the status
 * @param stepIndex the 0-based current step
 * @param startedAt when the analysis started
 * @param stepStartedAt when the current step started
 * @param carriedLogLr per check ({@link CheckName#key()}): ln Λ of the finished segments
 * @param segmentLogLr per check: ln Λ of the current segment at its last evaluation
 * @param minPValue per check: the always-valid p-value so far
 * @param carriedStepUsers per arm ({@code primary}, {@code canary}): users of the current step seen
 *     before the last restart
 * @param statusReason why the status is what it is (the last rollback, pause or promotion reason)
 */
public record AnalysisState(RolloutPlan plan, String primaryVersion, String canaryVersion, AnalysisStatus status,
        int stepIndex, Instant startedAt, Instant stepStartedAt, Map<String, Double> carriedLogLr,
        Map<String, Double> segmentLogLr, Map<String, Double> minPValue, Map<String, Long> carriedStepUsers,
        String statusReason) {

    /** Validates the step and copies the maps. */
    public AnalysisState {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(primaryVersion, "primaryVersion");
        Objects.requireNonNull(canaryVersion, "canaryVersion");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(stepStartedAt, "stepStartedAt");
        if (stepIndex < 0 || stepIndex >= plan.steps().size()) {
            throw new IllegalArgumentException("step index " + stepIndex + " is outside the plan's "
                    + plan.steps().size() + " steps");
        }
        carriedLogLr = Map.copyOf(carriedLogLr == null ? Map.of() : carriedLogLr);
        segmentLogLr = Map.copyOf(segmentLogLr == null ? Map.of() : segmentLogLr);
        minPValue = Map.copyOf(minPValue == null ? Map.of() : minPValue);
        carriedStepUsers = Map.copyOf(carriedStepUsers == null ? Map.of() : carriedStepUsers);
        statusReason = statusReason == null ? "" : statusReason;
    }

    /** @return the current step's canary percentage */
    public double weight() {
        return plan.steps().get(stepIndex);
    }
}
