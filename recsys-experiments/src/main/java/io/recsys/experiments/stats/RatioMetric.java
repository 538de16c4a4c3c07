package io.recsys.experiments.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Ratio metrics whose unit of analysis (the user) differs from the unit of the metric
 * (requests, exposures): {@code R = ΣN_i / ΣD_i}, e.g. conversions per exposure with N_i the
 * user's conversions and D_i their exposures. The requests of one user are correlated, so the
 * binomial variance {@code R(1 − R)/ΣD} is too small; the delta method on the per-user pairs
 * gives the right one (Deng, Knoblich, Lu, "Applying the Delta Method in Metric Analytics",
 * KDD 2018, eq. 2):
 * <pre>
 *   Var(R) ≈ ( s_N²/μ_D² − 2·μ_N·s_ND/μ_D³ + μ_N²·s_D²/μ_D⁴ ) / n
 * </pre>
 * with sample means μ, sample (co)variances s (denominator n − 1) over the n users. Two arms
 * are compared with a z-test on {@code R_B − R_A} and variance {@code Var(R_A) + Var(R_B)}.
 */
public final class RatioMetric {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0.0, 1.0);

    private RatioMetric() {
    }

    /**
     * @param units users
     * @param ratio ΣN / ΣD
     * @param variance delta-method variance of the ratio
     */
    public record Estimate(long units, double ratio, double variance) {
    }

    /**
     * @param a A's estimate
     * @param b B's estimate
     * @param delta R_B − R_A
     * @param standardError √(Var(R_A) + Var(R_B))
     * @param zStatistic delta / SE (0 when SE = 0 and delta = 0)
     * @param pValue two-sided p-value
     * @param confidenceLevel interval level
     * @param ciLower interval lower end
     * @param ciUpper interval upper end
     */
    public record Comparison(Estimate a, Estimate b, double delta, double standardError,
            double zStatistic, double pValue, double confidenceLevel, double ciLower, double ciUpper) {
    }

    /**
     * @param numerators N_i per unit (at least 2 units, finite)
     * @param denominators D_i per unit, same length, with a positive mean
     * @return the ratio and its delta-method variance
     * @throws IllegalArgumentException on mismatched lengths, fewer than 2 units, non-finite
     *     values or a zero denominator total
     */
    public static Estimate estimate(double[] numerators, double[] denominators) {
        Checks.finiteSample("numerators", numerators, 2);
        Checks.finiteSample("denominators", denominators, 2);
        if (numerators.length != denominators.length) {
            throw new IllegalArgumentException("one numerator and one denominator per unit: "
                    + numerators.length + " vs " + denominators.length);
        }
        int n = numerators.length;
        double muN = WelchTTest.mean(numerators, 0.0);
        double muD = WelchTTest.mean(denominators, 0.0);
        if (!(muD > 0.0)) {
            throw new IllegalArgumentException("the denominators' mean must be positive, was " + muD);
        }
        double sNN = 0.0;
        double sDD = 0.0;
        double sND = 0.0;
        for (int i = 0; i < n; i++) {
            double dn = numerators[i] - muN;
            double dd = denominators[i] - muD;
            sNN += dn * dn;
            sDD += dd * dd;
            sND += dn * dd;
        }
        sNN /= n - 1;
        sDD /= n - 1;
        sND /= n - 1;
        double ratio = muN / muD;
        double variance = (sNN / (muD * muD) - 2.0 * muN * sND / (muD * muD * muD)
                + muN * muN * sDD / (muD * muD * muD * muD)) / n;
        return new Estimate(n, ratio, Math.max(0.0, variance));
    }

    /**
     * @param a A's estimate
     * @param b B's estimate
     * @param confidenceLevel in (0, 1)
     * @return the z-test of R_B − R_A
     * @throws IllegalArgumentException on an invalid level
     */
    public static Comparison compare(Estimate a, Estimate b, double confidenceLevel) {
        Checks.probability("confidenceLevel", confidenceLevel);
        double delta = b.ratio() - a.ratio();
        double se = Math.sqrt(a.variance() + b.variance());
        double z;
        double p;
        if (se == 0.0) {
            z = delta == 0.0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, delta);
            p = delta == 0.0 ? 1.0 : 0.0;
        } else {
            z = delta / se;
            p = Math.min(1.0, 2.0 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z)));
        }
        double critical = STANDARD_NORMAL.inverseCumulativeProbability(0.5 + confidenceLevel / 2.0);
        return new Comparison(a, b, delta, se, z, p, confidenceLevel, delta - critical * se,
                delta + critical * se);
    }
}
