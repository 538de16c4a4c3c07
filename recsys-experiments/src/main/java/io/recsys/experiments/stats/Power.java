package io.recsys.experiments.stats;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Power of two-sided two-sample tests for a given per-arm size, following the conventions of
 * R's {@code power.prop.test} and {@code power.t.test} (default {@code strict = FALSE}: only
 * the tail in the direction of the effect counts, as in R).
 *
 * <p>Two proportions (Fleiss, Levin, Paik, <i>Statistical Methods for Rates and Proportions</i>,
 * 3rd ed., eq. 4.14 without continuity correction; R {@code power.prop.test}):
 * <pre>
 *   power = Φ( (√n·|p1 − p2| − z_{1−α/2}·√((p1 + p2)(q1 + q2)/2)) / √(p1q1 + p2q2) ),  q = 1 − p
 * </pre>
 * Two means (R {@code power.t.test}, two-sample): with ν = 2(n − 1) and noncentrality
 * λ = √(n/2)·δ/σ,
 * <pre>
 *   power = P(T'_{ν,λ} &gt; t_{ν,1−α/2})
 * </pre>
 * where T' is noncentral t. Commons Math has no noncentral t, so its survival function is
 * evaluated from its definition T' = (Z + λ)/√(V/ν), Z ~ N(0,1), V ~ χ²_ν independent:
 * {@code P(T' > c) = ∫ f_{χ²_ν}(v) · (1 − Φ(c·√(v/ν) − λ)) dv}, integrated by Gauss–Legendre
 * quadrature (64 nodes on each of 32 equal pieces) over the central 1 − 2·10⁻¹³ of the χ² mass.
 */
public final class Power {

    static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0.0, 1.0);
    private static final GaussIntegratorFactory GAUSS = new GaussIntegratorFactory();

    private Power() {
    }

    /**
     * Power of the two-proportion z-test.
     *
     * @param perArm observations in each arm, &gt; 0 (may be fractional, as in R)
     * @param p1 proportion in arm 1, in (0, 1)
     * @param p2 proportion in arm 2, in (0, 1), different from p1
     * @param alpha two-sided significance level in (0, 1)
     * @return the power in (0, 1)
     * @throws IllegalArgumentException on out-of-range arguments
     */
    public static double twoProportions(double perArm, double p1, double p2, double alpha) {
        positive("perArm", perArm);
        Checks.probability("p1", p1);
        Checks.probability("p2", p2);
        Checks.probability("alpha", alpha);
        double zAlpha = STANDARD_NORMAL.inverseCumulativeProbability(1.0 - alpha / 2.0);
        double q1 = 1.0 - p1;
        double q2 = 1.0 - p2;
        double d = Math.abs(p1 - p2);
        double arg = (Math.sqrt(perArm) * d - zAlpha * Math.sqrt((p1 + p2) * (q1 + q2) / 2.0))
                / Math.sqrt(p1 * q1 + p2 * q2);
        return STANDARD_NORMAL.cumulativeProbability(arg);
    }

    /**
     * Power of the two-sample t-test with equal group sizes and common standard deviation.
     *
     * @param perArm observations in each arm, &gt; 1
     * @param sd the common standard deviation σ, &gt; 0
     * @param delta the true difference of means δ (its sign does not matter)
     * @param alpha two-sided significance level in (0, 1)
     * @return the power
     * @throws IllegalArgumentException on out-of-range arguments
     */
    public static double twoMeans(double perArm, double sd, double delta, double alpha) {
        if (!(perArm > 1.0) || Double.isInfinite(perArm)) {
            throw new IllegalArgumentException("perArm must be > 1, was " + perArm);
        }
        positive("sd", sd);
        if (!Double.isFinite(delta)) {
            throw new IllegalArgumentException("delta must be finite, was " + delta);
        }
        Checks.probability("alpha", alpha);
        double df = 2.0 * (perArm - 1.0);
        double ncp = Math.sqrt(perArm / 2.0) * Math.abs(delta) / sd;
        double critical = new TDistribution(null, df).inverseCumulativeProbability(1.0 - alpha / 2.0);
        return noncentralTSurvival(critical, df, ncp);
    }

    /**
     * Survival function of the noncentral t distribution, {@code P(T'_{df,ncp} > t)}.
     *
     * @param t the point
     * @param df degrees of freedom &gt; 0
     * @param ncp noncentrality parameter
     * @return the upper-tail probability
     */
    static double noncentralTSurvival(double t, double df, double ncp) {
        ChiSquaredDistribution chi = new ChiSquaredDistribution(null, df);
        double lo = chi.inverseCumulativeProbability(1e-13);
        double hi = chi.inverseCumulativeProbability(1.0 - 1e-13);
        int pieces = 32;
        double width = (hi - lo) / pieces;
        double sum = 0.0;
        for (int i = 0; i < pieces; i++) {
            double a = lo + i * width;
            double b = i == pieces - 1 ? hi : a + width;
            GaussIntegrator rule = GAUSS.legendre(64, a, b);
            sum += rule.integrate(v -> chi.density(v)
                    * STANDARD_NORMAL.cumulativeProbability(ncp - t * Math.sqrt(v / df)));
        }
        return Math.min(1.0, Math.max(0.0, sum));
    }

    static void positive(String name, double value) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, was " + value);
        }
    }
}
