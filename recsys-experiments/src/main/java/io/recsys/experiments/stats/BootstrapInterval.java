package io.recsys.experiments.stats;

/**
 * A bootstrap confidence interval.
 *
 * @param estimate the statistic on the original data, θ̂
 * @param lower lower end of the interval
 * @param upper upper end of the interval
 * @param confidenceLevel the interval's level
 * @param method how the interval was read off the replicates
 * @param resamples the number of bootstrap replicates B
 * @param standardError standard deviation of the replicates (bootstrap standard error)
 * @param biasCorrection BCa's z0, or null for the percentile method
 * @param acceleration BCa's a, or null for the percentile method
 */
public record BootstrapInterval(
        double estimate,
        double lower,
        double upper,
        double confidenceLevel,
        Bootstrap.Method method,
        int resamples,
        double standardError,
        Double biasCorrection,
        Double acceleration) {

    /**
     * @param value a value
     * @return whether {@code lower <= value <= upper}
     */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}
