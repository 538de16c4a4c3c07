package io.recsys.experiments.stats;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Gamma;

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
 * evaluated from its definition T' = (Z + λ)/√(V/ν), Z ~ N(0,1), V ~ χ²_ν independent, by
 * conditioning on Z: for t &gt; 0,
 * {@code P(T' > t) = ∫_{−λ}^{∞} φ(z) · P(χ²_ν < ν(z + λ)²/t²) dz}, with the χ² CDF from the
 * regularised lower gamma function, integrated by Gauss–Legendre quadrature (64 nodes on each of
 * 96 pieces, a third of them on the χ² CDF's step near z + λ = t) over z + λ in [0, λ + 40]. The integrand is bounded and smooth for every
 * ν &gt; 0, so small sizes (1 &lt; n &lt; 3, ν &lt; 4, where a χ² density is unbounded at 0)
 * keep full accuracy. For t ≤ 0, {@code P(T' > t) = 1 − P(−T' > −t)} with −T' ~ t'_{ν, −λ}.
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
     * @param perArm observations in each arm, &gt; 1 (fractional sizes allowed, as in R's
     *     {@code power.t.test}; at 1 or below the t-test has no degrees of freedom)
     * @param sd the common standard deviation σ, &gt; 0
     * @param delta the true difference of means δ (its sign does not matter)
     * @param alpha two-sided significance level in (0, 1)
     * @return the power
     * @throws IllegalArgumentException on out-of-range arguments
     */
    public static double twoMeans(double perArm, double sd, double delta, double alpha) {
        if (!(perArm > 1.0) || Double.isInfinite(perArm)) {
            throw new IllegalArgumentException("perArm must be finite and > 1 (a t-test needs "
                    + "degrees of freedom 2(n - 1) > 0), was " + perArm);
        }
        positive("sd", sd);
        if (!Double.isFinite(delta)) {
            throw new IllegalArgumentException("delta must be finite, was " + delta);
        }
        Checks.probability("alpha", alpha);
        double df = 2.0 * (perArm - 1.0);
        double ncp = Math.sqrt(perArm / 2.0) * Math.abs(delta) / sd;
        double critical = new TDistribution(null, df, 1e-14).inverseCumulativeProbability(1.0 - alpha / 2.0);
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
        if (t <= 0.0) {
            return t == 0.0 ? STANDARD_NORMAL.cumulativeProbability(ncp)
                    : 1.0 - noncentralTSurvival(-t, df, -ncp);
        }
        // Z + λ = u over [max(0, λ − 40), λ + 40]: φ(u − λ) is below 1e-300 outside.
        double lo = Math.max(0.0, ncp - 40.0);
        double hi = Math.max(0.0, ncp + 40.0);
        if (hi <= lo) {
            return 0.0;
        }
        double halfDf = df / 2.0;
        double scale = df / (t * t);
        // The χ² CDF steps from 0 to 1 around u = t with width about t/√(2ν): give that step its
        // own pieces so large ν stay accurate.
        double step = 12.0 * t / Math.sqrt(2.0 * df) + 1e-3;
        double[] cuts = {lo, Math.min(hi, Math.max(lo, t - step)), Math.max(lo, Math.min(hi, t + step)), hi};
        double sum = 0.0;
        org.apache.commons.math3.analysis.UnivariateFunction f =
                u -> STANDARD_NORMAL.density(u - ncp) * Gamma.regularizedGammaP(halfDf, scale * u * u / 2.0);
        for (int c = 0; c < 3; c++) {
            if (cuts[c] == 0.0 && cuts[c + 1] > 0.0) {
                // Near u = 0 the χ² CDF behaves like u^ν, not smooth for small ν: pieces that
                // halve towards 0 keep the quadrature exact there.
                double b = cuts[c + 1];
                double first = b / 32.0;
                sum += integrate(first, b, 31, f);
                for (int k = 0; k < 50; k++) {
                    sum += integrate(first / 2.0, first, 1, f);
                    first /= 2.0;
                }
            } else {
                sum += integrate(cuts[c], cuts[c + 1], 32, f);
            }
        }
        return Math.min(1.0, Math.max(0.0, sum));
    }

    private static double integrate(double a, double b, int pieces,
            org.apache.commons.math3.analysis.UnivariateFunction f) {
        if (!(b > a)) {
            return 0.0;
        }
        double width = (b - a) / pieces;
        double sum = 0.0;
        for (int i = 0; i < pieces; i++) {
            double from = a + i * width;
            double to = i == pieces - 1 ? b : from + width;
            GaussIntegrator rule = GAUSS.legendre(64, from, to);
            sum += rule.integrate(f);
        }
        return sum;
    }

    static void positive(String name, double value) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, was " + value);
        }
    }
}
