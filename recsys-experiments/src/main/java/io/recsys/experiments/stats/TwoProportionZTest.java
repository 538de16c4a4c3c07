package io.recsys.experiments.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Two-sided two-proportion z-test for the difference {@code p_B - p_A} of two independent
 * binomial proportions, with a Wald confidence interval for that difference.
 *
 * <p>Formulas (Agresti, <i>Categorical Data Analysis</i>, 3rd ed., §1.4 and §2.2.3; the same as
 * R's {@code prop.test(c(xA, xB), c(nA, nB), correct = FALSE)}, whose chi-square statistic is
 * {@code z²}):
 * <pre>
 *   p̂_A = x_A / n_A,  p̂_B = x_B / n_B,  δ = p̂_B − p̂_A,  p̄ = (x_A + x_B) / (n_A + n_B)
 *   z   = δ / sqrt(p̄ (1 − p̄) (1/n_A + 1/n_B))                 (pooled SE: the SE under H0)
 *   p   = 2 · (1 − Φ(|z|))                                        (two-sided)
 *   CI  = δ ± z_{1−α/2} · sqrt(p̂_A(1−p̂_A)/n_A + p̂_B(1−p̂_B)/n_B)   (unpooled SE),
 *         clamped to [−1, 1] as in R
 *   relative lift = δ / p̂_A
 * </pre>
 * The statistic uses the pooled standard error because it is computed under H0
 * ({@code p_A = p_B}); the interval is not computed under H0, so it uses the unpooled one.
 *
 * <p>Degenerate case: when every observation in both arms is a success (or every one a
 * failure) the pooled variance is 0 and {@code z} is 0/0. The two observed rates are then equal,
 * so this implementation reports {@code z = 0}, {@code p = 1} and a zero-width interval at
 * {@code δ = 0} instead of NaN (R reports NaN there).
 */
public final class TwoProportionZTest {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0.0, 1.0);

    private TwoProportionZTest() {
    }

    /**
     * The outcome of a two-proportion z-test.
     *
     * @param successesA successes in arm A
     * @param trialsA trials in arm A
     * @param successesB successes in arm B
     * @param trialsB trials in arm B
     * @param rateA {@code p̂_A}
     * @param rateB {@code p̂_B}
     * @param delta {@code p̂_B − p̂_A}
     * @param relativeLift {@code δ / p̂_A}, or null when {@code p̂_A = 0}
     * @param zStatistic the z statistic (pooled standard error)
     * @param pValue two-sided p-value
     * @param pooledStandardError {@code sqrt(p̄(1−p̄)(1/n_A + 1/n_B))}
     * @param unpooledStandardError {@code sqrt(p̂_A(1−p̂_A)/n_A + p̂_B(1−p̂_B)/n_B)}
     * @param confidenceLevel the interval's level, e.g. 0.95
     * @param ciLower lower end of the interval for {@code δ}
     * @param ciUpper upper end of the interval for {@code δ}
     */
    public record Result(
            long successesA,
            long trialsA,
            long successesB,
            long trialsB,
            double rateA,
            double rateB,
            double delta,
            Double relativeLift,
            double zStatistic,
            double pValue,
            double pooledStandardError,
            double unpooledStandardError,
            double confidenceLevel,
            double ciLower,
            double ciUpper) {

        /**
         * @param alpha the significance level, e.g. 0.05
         * @return whether {@code pValue < alpha}
         */
        public boolean significantAt(double alpha) {
            return pValue < alpha;
        }
    }

    /**
     * Runs the test with a 95% interval.
     *
     * @param successesA successes in A, in [0, trialsA]
     * @param trialsA trials in A, &gt; 0
     * @param successesB successes in B, in [0, trialsB]
     * @param trialsB trials in B, &gt; 0
     * @return the test result
     * @throws IllegalArgumentException if an arm has no trials or successes are out of range
     */
    public static Result test(long successesA, long trialsA, long successesB, long trialsB) {
        return test(successesA, trialsA, successesB, trialsB, 0.95);
    }

    /**
     * Runs the test.
     *
     * @param successesA successes in A, in [0, trialsA]
     * @param trialsA trials in A, &gt; 0
     * @param successesB successes in B, in [0, trialsB]
     * @param trialsB trials in B, &gt; 0
     * @param confidenceLevel the interval's level in (0, 1), e.g. 0.95
     * @return the test result
     * @throws IllegalArgumentException if an arm has no trials, successes are out of range or
     *     the level is not in (0, 1)
     */
    public static Result test(long successesA, long trialsA, long successesB, long trialsB,
            double confidenceLevel) {
        Checks.counts("arm A", successesA, trialsA);
        Checks.counts("arm B", successesB, trialsB);
        Checks.probability("confidenceLevel", confidenceLevel);
        double nA = trialsA;
        double nB = trialsB;
        double pA = successesA / nA;
        double pB = successesB / nB;
        double delta = pB - pA;
        double pooled = (successesA + successesB) / (nA + nB);
        double pooledSe = Math.sqrt(pooled * (1.0 - pooled) * (1.0 / nA + 1.0 / nB));
        double unpooledSe = Math.sqrt(pA * (1.0 - pA) / nA + pB * (1.0 - pB) / nB);
        double z;
        double p;
        if (pooledSe == 0.0) {
            // All successes or all failures in both arms: identical rates, no evidence.
            z = 0.0;
            p = 1.0;
        } else {
            z = delta / pooledSe;
            p = Math.min(1.0, 2.0 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z)));
        }
        double critical = STANDARD_NORMAL.inverseCumulativeProbability(0.5 + confidenceLevel / 2.0);
        Double lift = pA == 0.0 ? null : delta / pA;
        // A difference of proportions lies in [-1, 1]; R's prop.test clamps its interval there.
        return new Result(successesA, trialsA, successesB, trialsB, pA, pB, delta, lift, z, p,
                pooledSe, unpooledSe, confidenceLevel,
                Math.max(-1.0, delta - critical * unpooledSe), Math.min(1.0, delta + critical * unpooledSe));
    }
}
