package io.recsys.experiments.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * One-sided superiority and non-inferiority tests of B against A, for proportions and means.
 * The improvement is {@code B − A} for a {@link Direction#HIGHER_IS_BETTER} metric and
 * {@code A − B} for a {@link Direction#LOWER_IS_BETTER} one; with a margin m ≥ 0 the hypotheses
 * are {@code H0: improvement ≤ −m} against {@code H1: improvement > −m} (B is not worse than A by
 * m or more). A margin of 0 is a one-sided superiority test.
 *
 * <ul>
 *   <li>Proportions, margin 0: the pooled z-test, equal to R's
 *       {@code prop.test(c(xB, xA), c(nB, nA), alternative = "greater", correct = FALSE)}
 *       (for higher-is-better).
 *   <li>Proportions, margin &gt; 0: the Wald test with the unpooled standard error,
 *       {@code z = (improvement + m) / √(p̂_A q̂_A/n_A + p̂_B q̂_B/n_B)}; H0 is not "equal
 *       rates", so the pooled variance does not apply. (Farrington–Manning's restricted estimate
 *       is slightly more conservative for small samples.)
 *   <li>Means: Welch's t with a shifted null, equal to R's
 *       {@code t.test(b, a, alternative = "greater", mu = -m)}.
 * </ul>
 * The reported bound is the one-sided (level) lower confidence bound of the improvement:
 * non-inferiority holds exactly when it is above −m.
 */
public final class OneSidedTest {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0.0, 1.0);

    private OneSidedTest() {
    }

    /**
     * @param improvement the estimated improvement of B over A (positive: B better)
     * @param margin the non-inferiority margin m (0: superiority)
     * @param statistic z or t
     * @param degreesOfFreedom Welch degrees of freedom, or infinity for a z-test
     * @param pValue one-sided p-value for H0: improvement ≤ −m
     * @param lowerBound one-sided lower confidence bound of the improvement at the level
     * @param confidenceLevel the level (α = 1 − level)
     * @param rejected whether H0 is rejected at α (B is superior, or non-inferior with a margin)
     */
    public record Result(double improvement, double margin, double statistic, double degreesOfFreedom,
            double pValue, double lowerBound, double confidenceLevel, boolean rejected) {
    }

    /**
     * @param successesA successes in A
     * @param trialsA trials in A, &gt; 0
     * @param successesB successes in B
     * @param trialsB trials in B, &gt; 0
     * @param margin m in [0, 1)
     * @param confidenceLevel in (0, 1)
     * @param direction which way is better
     * @return the test
     * @throws IllegalArgumentException on invalid counts, margin or level
     */
    public static Result proportions(long successesA, long trialsA, long successesB, long trialsB,
            double margin, double confidenceLevel, Direction direction) {
        Checks.counts("arm A", successesA, trialsA);
        Checks.counts("arm B", successesB, trialsB);
        margin(margin, 1.0);
        Checks.probability("confidenceLevel", confidenceLevel);
        double pA = (double) successesA / trialsA;
        double pB = (double) successesB / trialsB;
        double improvement = direction.improvement(pB - pA);
        double unpooled = Math.sqrt(pA * (1.0 - pA) / trialsA + pB * (1.0 - pB) / trialsB);
        double se = unpooled;
        if (margin == 0.0) {
            double pooled = (double) (successesA + successesB) / ((double) trialsA + trialsB);
            se = Math.sqrt(pooled * (1.0 - pooled) * (1.0 / trialsA + 1.0 / trialsB));
        }
        double z;
        double p;
        if (se == 0.0) {
            z = improvement + margin > 0.0 ? Double.POSITIVE_INFINITY : 0.0;
            p = improvement + margin > 0.0 ? 0.0 : 1.0;
        } else {
            z = (improvement + margin) / se;
            p = STANDARD_NORMAL.cumulativeProbability(-z);
        }
        double bound = Math.max(-1.0, improvement
                - STANDARD_NORMAL.inverseCumulativeProbability(confidenceLevel) * unpooled);
        return new Result(improvement, margin, z, Double.POSITIVE_INFINITY, p, bound, confidenceLevel,
                p < 1.0 - confidenceLevel);
    }

    /**
     * @param a sample A (at least 2 finite values)
     * @param b sample B (at least 2 finite values)
     * @param margin m &ge; 0 on the metric's scale
     * @param confidenceLevel in (0, 1)
     * @param direction which way is better
     * @return the test
     * @throws IllegalArgumentException on invalid samples, margin or level, or two constant samples
     */
    public static Result means(double[] a, double[] b, double margin, double confidenceLevel,
            Direction direction) {
        WelchTTest.Result w = WelchTTest.test(a, b, 0.95);
        return means(w, margin, confidenceLevel, direction);
    }

    /**
     * @param welch a Welch test of B − A (its own level is not used)
     * @param margin m &ge; 0 on the metric's scale
     * @param confidenceLevel in (0, 1)
     * @param direction which way is better
     * @return the test
     * @throws IllegalArgumentException on an invalid margin or level
     */
    public static Result means(WelchTTest.Result welch, double margin, double confidenceLevel,
            Direction direction) {
        margin(margin, Double.POSITIVE_INFINITY);
        Checks.probability("confidenceLevel", confidenceLevel);
        double improvement = direction.improvement(welch.delta());
        double se = welch.standardError();
        if (se == 0.0) {
            boolean better = improvement + margin > 0.0;
            return new Result(improvement, margin, better ? Double.POSITIVE_INFINITY : 0.0,
                    welch.degreesOfFreedom(), better ? 0.0 : 1.0, improvement, confidenceLevel, better);
        }
        TDistribution t = new TDistribution(null, welch.degreesOfFreedom());
        double statistic = (improvement + margin) / se;
        double p = t.cumulativeProbability(-statistic);
        double bound = improvement - t.inverseCumulativeProbability(confidenceLevel) * se;
        return new Result(improvement, margin, statistic, welch.degreesOfFreedom(), p, bound,
                confidenceLevel, p < 1.0 - confidenceLevel);
    }

    /**
     * A one-sided test from an asymptotically normal estimate (a delta-method ratio, a
     * difference of means with many units).
     *
     * @param deltaBMinusA the estimate of B − A
     * @param standardError its standard error, &ge; 0
     * @param margin m &ge; 0 on the metric's scale
     * @param confidenceLevel in (0, 1)
     * @param direction which way is better
     * @return the test (z statistic, infinite degrees of freedom)
     * @throws IllegalArgumentException on a non-finite estimate, negative standard error or an
     *     invalid margin or level
     */
    public static Result normal(double deltaBMinusA, double standardError, double margin,
            double confidenceLevel, Direction direction) {
        if (!Double.isFinite(deltaBMinusA) || !(standardError >= 0.0) || Double.isInfinite(standardError)) {
            throw new IllegalArgumentException("estimate must be finite and standard error finite and >= 0: "
                    + deltaBMinusA + ", " + standardError);
        }
        margin(margin, Double.POSITIVE_INFINITY);
        Checks.probability("confidenceLevel", confidenceLevel);
        double improvement = direction.improvement(deltaBMinusA);
        if (standardError == 0.0) {
            boolean better = improvement + margin > 0.0;
            return new Result(improvement, margin, better ? Double.POSITIVE_INFINITY : 0.0,
                    Double.POSITIVE_INFINITY, better ? 0.0 : 1.0, improvement, confidenceLevel, better);
        }
        double z = (improvement + margin) / standardError;
        double p = STANDARD_NORMAL.cumulativeProbability(-z);
        double bound = improvement - STANDARD_NORMAL.inverseCumulativeProbability(confidenceLevel) * standardError;
        return new Result(improvement, margin, z, Double.POSITIVE_INFINITY, p, bound, confidenceLevel,
                p < 1.0 - confidenceLevel);
    }

    private static void margin(double margin, double below) {
        if (!(margin >= 0.0 && margin < below) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("margin must be finite, >= 0 and < " + below
                    + " (0 for a superiority test), was " + margin);
        }
    }
}
