package io.recsys.experiments.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * Sample ratio mismatch (SRM) check: Pearson's chi-square goodness-of-fit test of the observed
 * per-variant counts against the configured traffic split.
 *
 * <pre>
 *   E_i = N · w_i / Σw,   χ² = Σ (O_i − E_i)² / E_i,   df = k − 1,   p = Q(df/2, χ²/2)
 * </pre>
 * where Q is the upper regularised gamma function, evaluated directly so that tiny p-values
 * keep their precision (as R's {@code pchisq(x, df, lower.tail = FALSE)}; {@code 1 − F} would
 * round to 0 below about 1e-16). Counts are summed in floating point, so totals beyond
 * {@code Long.MAX_VALUE} cannot overflow.
 * (Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments", KDD
 * 2019.) An SRM means assignment or logging is broken, so the experiment's results cannot be
 * trusted. The default alert threshold is p &lt; 0.001, as used by GrowthBook, Eppo and
 * Statsig: strict, because the check runs on every analysis of every experiment.
 */
public final class SampleRatioMismatch {

    /** The default alert threshold on the p-value. */
    public static final double DEFAULT_THRESHOLD = 0.001;

    private SampleRatioMismatch() {
    }

    /**
     * The outcome of an SRM check.
     *
     * @param observed observed counts per variant
     * @param expected expected counts per variant under the configured split
     * @param chiSquare Pearson's χ²
     * @param degreesOfFreedom k − 1
     * @param pValue upper-tail p-value
     * @param threshold the alert threshold used
     * @param mismatch whether {@code pValue < threshold}
     */
    public record Result(long[] observed, double[] expected, double chiSquare, int degreesOfFreedom,
            double pValue, double threshold, boolean mismatch) {

        /** Copies the arrays so the record is immutable. */
        public Result {
            observed = observed.clone();
            expected = expected.clone();
        }

        @Override
        public long[] observed() {
            return observed.clone();
        }

        @Override
        public double[] expected() {
            return expected.clone();
        }
    }

    /**
     * Checks with the default threshold 0.001.
     *
     * @param observed counts per variant (at least 2 variants, non-negative, total &gt; 0)
     * @param weights configured split per variant, positive (need not sum to 1)
     * @return the result
     * @throws IllegalArgumentException on mismatched lengths, negative counts, a zero total or
     *     non-positive weights
     */
    public static Result test(long[] observed, double[] weights) {
        return test(observed, weights, DEFAULT_THRESHOLD);
    }

    /**
     * Checks against the split.
     *
     * @param observed counts per variant (at least 2 variants, non-negative, total &gt; 0)
     * @param weights configured split per variant, positive (need not sum to 1)
     * @param threshold the alert threshold in (0, 1)
     * @return the result
     * @throws IllegalArgumentException on mismatched lengths, negative counts, a zero total or
     *     non-positive weights
     */
    public static Result test(long[] observed, double[] weights, double threshold) {
        if (observed == null || weights == null) {
            throw new IllegalArgumentException("observed counts and weights must not be null");
        }
        if (observed.length < 2 || observed.length != weights.length) {
            throw new IllegalArgumentException("need at least 2 variants and one weight per variant: "
                    + observed.length + " counts, " + weights.length + " weights");
        }
        Checks.probability("threshold", threshold);
        double total = 0.0;
        double weightSum = 0.0;
        for (int i = 0; i < observed.length; i++) {
            if (observed[i] < 0) {
                throw new IllegalArgumentException("count " + i + " is negative: " + observed[i]);
            }
            if (!(weights[i] > 0.0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight " + i + " must be positive, was "
                        + weights[i] + "; leave a variant with no configured traffic out of the check");
            }
            total += observed[i];
            weightSum += weights[i];
        }
        if (total == 0) {
            throw new IllegalArgumentException("no observations: the split cannot be checked");
        }
        double[] expected = new double[observed.length];
        double chi = 0.0;
        for (int i = 0; i < observed.length; i++) {
            expected[i] = total * weights[i] / weightSum;
            double d = observed[i] - expected[i];
            chi += d * d / expected[i];
        }
        int df = observed.length - 1;
        double p = Gamma.regularizedGammaQ(df / 2.0, chi / 2.0);
        p = Math.max(0.0, Math.min(1.0, p));
        return new Result(observed, expected, chi, df, p, threshold, p < threshold);
    }
}
