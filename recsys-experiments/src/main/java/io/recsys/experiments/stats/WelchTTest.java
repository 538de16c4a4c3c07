package io.recsys.experiments.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's unequal-variance t-test for the difference of two means, {@code mean_B − mean_A}
 * (for example latency or watch time per request).
 *
 * <p>Formulas (Welch 1947, <i>Biometrika</i> 34:28–35; Satterthwaite 1946; the same as R's
 * {@code t.test(b, a, var.equal = FALSE)} and SciPy's {@code ttest_ind(b, a, equal_var=False)}):
 * <pre>
 *   δ  = x̄_B − x̄_A,     SE = sqrt(s_A²/n_A + s_B²/n_B)       (s² with denominator n − 1)
 *   t  = δ / SE
 *   ν  = (s_A²/n_A + s_B²/n_B)² / ( (s_A²/n_A)²/(n_A − 1) + (s_B²/n_B)²/(n_B − 1) )
 *   p  = 2 · (1 − F_ν(|t|))                                     (two-sided, Student t CDF)
 *   CI = δ ± t_{ν, 1−α/2} · SE
 * </pre>
 * Means and variances are computed on the data shifted by its first value, with the corrected
 * two-pass algorithm, so data with a large common offset keeps its precision.
 *
 * <p>When both samples have zero variance and equal means the result is {@code t = 0, p = 1}
 * with a zero-width interval and {@code ν = n_A + n_B − 2}; zero variance with different means
 * has an infinite t and is rejected.
 */
public final class WelchTTest {

    private WelchTTest() {
    }

    /**
     * The outcome of a Welch t-test.
     *
     * @param meanA mean of A
     * @param meanB mean of B
     * @param delta {@code meanB − meanA}
     * @param standardError {@code sqrt(s_A²/n_A + s_B²/n_B)}
     * @param tStatistic {@code delta / standardError}
     * @param degreesOfFreedom Welch–Satterthwaite degrees of freedom
     * @param pValue two-sided p-value
     * @param confidenceLevel the interval's level
     * @param ciLower lower end of the interval for {@code delta}
     * @param ciUpper upper end of the interval for {@code delta}
     */
    public record Result(
            double meanA,
            double meanB,
            double delta,
            double standardError,
            double tStatistic,
            double degreesOfFreedom,
            double pValue,
            double confidenceLevel,
            double ciLower,
            double ciUpper) {
    }

    /**
     * Tests two samples with a 95% interval.
     *
     * @param a sample A (at least 2 finite values)
     * @param b sample B (at least 2 finite values)
     * @return the result for {@code mean(b) − mean(a)}
     * @throws IllegalArgumentException if a sample has fewer than 2 values, a non-finite value,
     *     or both samples are constant with different means
     */
    public static Result test(double[] a, double[] b) {
        return test(a, b, 0.95);
    }

    /**
     * Tests two samples.
     *
     * @param a sample A (at least 2 finite values)
     * @param b sample B (at least 2 finite values)
     * @param confidenceLevel the interval's level in (0, 1)
     * @return the result for {@code mean(b) − mean(a)}
     * @throws IllegalArgumentException if a sample has fewer than 2 values, a non-finite value,
     *     or both samples are constant with different means
     */
    public static Result test(double[] a, double[] b, double confidenceLevel) {
        Checks.finiteSample("sample A", a, 2);
        Checks.finiteSample("sample B", b, 2);
        // Shift both samples by a common value so that a large common offset (timestamps,
        // values near 1e9) does not swallow the digits of the difference of means.
        double shift = a[0];
        double meanA = mean(a, shift);
        double meanB = mean(b, shift);
        Result r = fromSummary(meanA, variance(a, shift, meanA), a.length, meanB,
                variance(b, shift, meanB), b.length, confidenceLevel);
        return new Result(r.meanA() + shift, r.meanB() + shift, r.delta(), r.standardError(),
                r.tStatistic(), r.degreesOfFreedom(), r.pValue(), r.confidenceLevel(), r.ciLower(),
                r.ciUpper());
    }

    /**
     * Tests from summary statistics.
     *
     * @param meanA mean of A
     * @param varianceA sample variance of A (denominator n − 1), &ge; 0
     * @param nA size of A, &ge; 2
     * @param meanB mean of B
     * @param varianceB sample variance of B (denominator n − 1), &ge; 0
     * @param nB size of B, &ge; 2
     * @param confidenceLevel the interval's level in (0, 1)
     * @return the result for {@code meanB − meanA}
     * @throws IllegalArgumentException on non-finite input, negative variance, a size below 2,
     *     or zero variance in both samples with different means
     */
    public static Result fromSummary(double meanA, double varianceA, long nA,
            double meanB, double varianceB, long nB, double confidenceLevel) {
        if (nA < 2 || nB < 2) {
            throw new IllegalArgumentException("each sample needs at least 2 observations: nA = "
                    + nA + ", nB = " + nB);
        }
        if (!Double.isFinite(meanA) || !Double.isFinite(meanB)
                || !(varianceA >= 0.0) || !(varianceB >= 0.0)
                || Double.isInfinite(varianceA) || Double.isInfinite(varianceB)) {
            throw new IllegalArgumentException("means must be finite and variances finite and >= 0: "
                    + meanA + ", " + varianceA + ", " + meanB + ", " + varianceB);
        }
        Checks.probability("confidenceLevel", confidenceLevel);
        double va = varianceA / nA;
        double vb = varianceB / nB;
        double se = Math.sqrt(va + vb);
        double delta = meanB - meanA;
        if (se == 0.0) {
            if (delta != 0.0) {
                throw new IllegalArgumentException("both samples have zero variance but different "
                        + "means (" + meanA + " vs " + meanB + "): the t statistic is infinite");
            }
            return new Result(meanA, meanB, 0.0, 0.0, 0.0, nA + nB - 2.0, 1.0, confidenceLevel,
                    0.0, 0.0);
        }
        double df = (va + vb) * (va + vb) / (va * va / (nA - 1) + vb * vb / (nB - 1));
        double t = delta / se;
        TDistribution dist = new TDistribution(null, df);
        double p = Math.min(1.0, 2.0 * dist.cumulativeProbability(-Math.abs(t)));
        double critical = dist.inverseCumulativeProbability(0.5 + confidenceLevel / 2.0);
        return new Result(meanA, meanB, delta, se, t, df, p, confidenceLevel,
                delta - critical * se, delta + critical * se);
    }

    /**
     * Mean of {@code x − shift}: a first pass, then the mean of the residuals as a correction
     * (the two-pass refinement of Chan, Golub and LeVeque 1983).
     */
    static double mean(double[] x, double shift) {
        double sum = 0.0;
        for (double v : x) {
            sum += v - shift;
        }
        double m = sum / x.length;
        double residual = 0.0;
        for (double v : x) {
            residual += (v - shift) - m;
        }
        return m + residual / x.length;
    }

    /** Sample variance of {@code x − shift} around its mean {@code mean} (corrected two-pass). */
    static double variance(double[] x, double shift, double mean) {
        double ss = 0.0;
        double comp = 0.0;
        for (double v : x) {
            double d = (v - shift) - mean;
            ss += d * d;
            comp += d;
        }
        return Math.max(0.0, ss - comp * comp / x.length) / (x.length - 1);
    }
}
