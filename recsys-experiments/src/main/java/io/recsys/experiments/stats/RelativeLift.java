package io.recsys.experiments.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Confidence interval for the relative lift {@code m_B / m_A − 1} of two independent means (or
 * proportions), from each arm's mean and the variance of that mean.
 *
 * <p>Delta method (first-order Taylor expansion of the ratio, arms independent):
 * <pre>
 *   r = m_B / m_A,   Var(r) ≈ v_B / m_A² + m_B² · v_A / m_A⁴,   lift = r − 1 ± z_{1−α/2} · √Var(r)
 * </pre>
 * Fieller's theorem (Fieller 1954, JRSS B 16:175–185) inverts the test of
 * {@code m_B − θ·m_A = 0} instead and is exact under normality of the two means; its interval
 * is asymmetric and honest when m_A is poorly determined:
 * <pre>
 *   θ = (m_A m_B ± z √(m_A² v_B + m_B² v_A − z² v_A v_B)) / (m_A² − z² v_A)
 * </pre>
 * When {@code z² v_A ≥ m_A²} (the control mean is not significantly different from 0) the
 * Fieller set is unbounded and {@link #fieller} reports {@code bounded = false} with infinite
 * ends. Here v_A and v_B are variances of the means (e.g. {@code p(1 − p)/n}, {@code s²/n}).
 */
public final class RelativeLift {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0.0, 1.0);

    private RelativeLift() {
    }

    /**
     * A relative lift with its interval.
     *
     * @param lift {@code m_B / m_A − 1}
     * @param ciLower lower end (−∞ for an unbounded Fieller set)
     * @param ciUpper upper end (+∞ for an unbounded Fieller set)
     * @param confidenceLevel the level
     * @param method {@code delta_method} or {@code fieller}
     * @param bounded whether the interval is finite
     */
    public record Result(double lift, double ciLower, double ciUpper, double confidenceLevel,
            String method, boolean bounded) {
    }

    /**
     * Delta-method interval.
     *
     * @param meanA control mean, non-zero
     * @param varianceOfMeanA variance of the control mean, &ge; 0
     * @param meanB treatment mean
     * @param varianceOfMeanB variance of the treatment mean, &ge; 0
     * @param confidenceLevel in (0, 1)
     * @return the lift and interval
     * @throws IllegalArgumentException on a zero control mean or invalid variances
     */
    public static Result deltaMethod(double meanA, double varianceOfMeanA, double meanB,
            double varianceOfMeanB, double confidenceLevel) {
        validate(meanA, varianceOfMeanA, meanB, varianceOfMeanB, confidenceLevel);
        double z = critical(confidenceLevel);
        double r = meanB / meanA;
        double a2 = meanA * meanA;
        double se = Math.sqrt(varianceOfMeanB / a2 + meanB * meanB * varianceOfMeanA / (a2 * a2));
        return new Result(r - 1.0, r - 1.0 - z * se, r - 1.0 + z * se, confidenceLevel,
                "delta_method", true);
    }

    /**
     * Fieller interval.
     *
     * @param meanA control mean, non-zero
     * @param varianceOfMeanA variance of the control mean, &ge; 0
     * @param meanB treatment mean
     * @param varianceOfMeanB variance of the treatment mean, &ge; 0
     * @param confidenceLevel in (0, 1)
     * @return the lift and interval (unbounded when the control mean is indistinguishable from 0)
     * @throws IllegalArgumentException on a zero control mean or invalid variances
     */
    public static Result fieller(double meanA, double varianceOfMeanA, double meanB,
            double varianceOfMeanB, double confidenceLevel) {
        validate(meanA, varianceOfMeanA, meanB, varianceOfMeanB, confidenceLevel);
        double z = critical(confidenceLevel);
        double z2 = z * z;
        double denominator = meanA * meanA - z2 * varianceOfMeanA;
        double discriminant = meanA * meanA * varianceOfMeanB + meanB * meanB * varianceOfMeanA
                - z2 * varianceOfMeanA * varianceOfMeanB;
        double lift = meanB / meanA - 1.0;
        if (denominator <= 0.0 || discriminant < 0.0) {
            return new Result(lift, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                    confidenceLevel, "fieller", false);
        }
        double root = z * Math.sqrt(discriminant);
        double lo = (meanA * meanB - root) / denominator;
        double hi = (meanA * meanB + root) / denominator;
        return new Result(lift, lo - 1.0, hi - 1.0, confidenceLevel, "fieller", true);
    }

    /**
     * Delta-method interval for the relative lift of two proportions.
     *
     * @param successesA successes in A (at least one, so the lift is defined)
     * @param trialsA trials in A
     * @param successesB successes in B
     * @param trialsB trials in B
     * @param confidenceLevel in (0, 1)
     * @return the lift and interval
     * @throws IllegalArgumentException on invalid counts or no successes in A
     */
    public static Result ofProportions(long successesA, long trialsA, long successesB, long trialsB,
            double confidenceLevel) {
        Checks.counts("arm A", successesA, trialsA);
        Checks.counts("arm B", successesB, trialsB);
        double pA = (double) successesA / trialsA;
        double pB = (double) successesB / trialsB;
        return deltaMethod(pA, pA * (1.0 - pA) / trialsA, pB, pB * (1.0 - pB) / trialsB, confidenceLevel);
    }

    private static double critical(double level) {
        return STANDARD_NORMAL.inverseCumulativeProbability(0.5 + level / 2.0);
    }

    private static void validate(double meanA, double vA, double meanB, double vB, double level) {
        if (!Double.isFinite(meanA) || meanA == 0.0 || !Double.isFinite(meanB)) {
            throw new IllegalArgumentException("means must be finite and the control mean non-zero "
                    + "(a relative lift divides by it): meanA = " + meanA + ", meanB = " + meanB);
        }
        if (!(vA >= 0.0) || !(vB >= 0.0) || Double.isInfinite(vA) || Double.isInfinite(vB)) {
            throw new IllegalArgumentException("variances must be finite and >= 0: " + vA + ", " + vB);
        }
        Checks.probability("confidenceLevel", level);
    }
}
