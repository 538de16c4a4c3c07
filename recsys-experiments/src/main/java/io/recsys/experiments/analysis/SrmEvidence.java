package io.recsys.experiments.analysis;

/**
 * The sample-ratio check of the current step: the distinct users each arm saw in the step against
 * the step's weight (a chi-square test, {@link io.recsys.experiments.stats.SampleRatioMismatch}).
 *
 * @param primaryUsers the primary's users in the step
 * @param canaryUsers the canary's users in the step
 * @param expectedCanaryShare the step's canary weight, in [0, 1]
 * @param pValue the chi-square p-value, or 1 when the check was not computed
 * @param threshold the p-value below which it is a mismatch
 * @param mismatch whether the split is implausible under the weight (the rollout pauses)
 * @param computed whether there were enough users (an expected count of at least 5 in each arm)
 */
public record SrmEvidence(long primaryUsers, long canaryUsers, double expectedCanaryShare, double pValue,
        double threshold, boolean mismatch, boolean computed) {
}
