package io.recsys.experiments.analysis;

import java.util.Objects;

/**
 * One check at one evaluation: both arms' counts and estimates and the always-valid evidence.
 *
 * @param check which comparison
 * @param alpha the check's significance level
 * @param primarySuccesses the primary's events (errors, slow requests or converting users)
 * @param primaryTrials the primary's trials (requests or exposed users)
 * @param canarySuccesses the canary's events
 * @param canaryTrials the canary's trials
 * @param primaryEstimate the primary's value (a rate; for latency its p95 in ms)
 * @param canaryEstimate the canary's value (a rate; for latency its p95 in ms)
 * @param delta canary rate minus primary rate (for latency: of the shares above the pooled p95)
 * @param logLikelihoodRatio ln Λ of the mixture SPRT, with the evidence carried over restarts
 * @param pValue the always-valid p-value: the least {@code 1/Λ} over all evaluations so far
 * @param outcome what the evidence says
 */
public record CheckResult(CheckName check, double alpha, long primarySuccesses, long primaryTrials,
        long canarySuccesses, long canaryTrials, double primaryEstimate, double canaryEstimate, double delta,
        double logLikelihoodRatio, double pValue, Outcome outcome) {

    /** What the evidence of one check says. */
    public enum Outcome {
        /** Too few trials to compute the check. */
        NOT_ENOUGH_DATA,
        /** No significant difference so far. */
        NO_DIFFERENCE,
        /** The canary is significantly worse: a rollback. */
        CANARY_WORSE,
        /** The canary is significantly better. */
        CANARY_BETTER
    }

    /** Requires the names. */
    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** @return a one-line explanation with the counts, estimates and p-value */
    public String explain() {
        if (check == CheckName.LATENCY_P95) {
            return String.format(java.util.Locale.ROOT,
                    "%s: canary %.2f ms vs primary %.2f ms (above pooled p95: %d/%d vs %d/%d), p=%.4g, alpha=%.4g, %s",
                    check.key(), canaryEstimate, primaryEstimate, canarySuccesses, canaryTrials, primarySuccesses,
                    primaryTrials, pValue, alpha, outcome.name().toLowerCase(java.util.Locale.ROOT));
        }
        return String.format(java.util.Locale.ROOT, "%s: canary %.4f (%d/%d) vs primary %.4f (%d/%d), p=%.4g, alpha=%.4g, %s",
                check.key(), canaryEstimate, canarySuccesses, canaryTrials, primaryEstimate, primarySuccesses,
                primaryTrials, pValue, alpha, outcome.name().toLowerCase(java.util.Locale.ROOT));
    }
}
