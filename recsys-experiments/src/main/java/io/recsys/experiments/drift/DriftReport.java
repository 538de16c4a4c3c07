package io.recsys.experiments.drift;

/**
 * Drift of one feature's current values against its reference. Measures that cannot be
 * computed (too few non-missing values) are null and {@code reason} says why; none is NaN.
 *
 * @param observations current values seen, missing ones included
 * @param missing current values that were missing (NaN, null, unknown id)
 * @param missingRatio missing / observations, null with no observations
 * @param psi population stability index against the reference bins, or null
 * @param kl KL(current ‖ reference) in nats over the same bins (ε-smoothed), or null
 * @param jensenShannon Jensen–Shannon divergence in nats, or null
 * @param outlierFraction share of non-missing values outside the reference's Tukey fences, or
 *     null (categorical features, or no values)
 * @param band the PSI band, or null with the PSI
 * @param reason why measures are null, else null
 */
public record DriftReport(
        long observations,
        long missing,
        Double missingRatio,
        Double psi,
        Double kl,
        Double jensenShannon,
        Double outlierFraction,
        DriftBand band,
        String reason) {
}
