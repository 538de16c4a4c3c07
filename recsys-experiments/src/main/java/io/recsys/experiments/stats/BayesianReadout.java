package io.recsys.experiments.stats;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Beta;

/**
 * A Bayesian read-out beside the frequentist test: the probability that B beats A and the
 * expected loss of shipping either arm (how much is lost, on the metric's scale, if the choice is
 * wrong, averaged over the posterior), as GrowthBook and VWO report them.
 *
 * <p><b>Proportions (Beta-binomial).</b> With a Beta(α₀, β₀) prior (default uniform, 1, 1) the
 * posteriors are {@code p_A ~ Beta(α₀ + x_A, β₀ + n_A − x_A)}, likewise B, independent:
 * <pre>
 *   P(p_B &gt; p_A)       = ∫ f_A(x) · (1 − I_x(a_B, b_B)) dx
 *   loss(ship B)       = E[max(p_A − p_B, 0)] = ∫ f_B(y) · E[(p_A − y)⁺] dy,
 *   E[(X − y)⁺]        = a/(a + b) · (1 − I_y(a + 1, b)) − y · (1 − I_y(a, b))   for X ~ Beta(a, b)
 * </pre>
 * integrated by Gauss–Legendre quadrature over the central 1 − 10⁻¹⁴ of the integrating
 * density. <b>Means (normal approximation).</b> With a flat prior and the difference
 * D = m_B − m_A approximately N(δ̂, SE²): {@code P(D > 0) = Φ(δ̂/SE)},
 * {@code loss(ship B) = E[max(−D, 0)] = SE·φ(δ̂/SE) − δ̂·Φ(−δ̂/SE)} and
 * {@code loss(ship A) = SE·φ(δ̂/SE) + δ̂·Φ(δ̂/SE)}. Both read-outs assume higher is better.
 */
public final class BayesianReadout {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0.0, 1.0);
    private static final GaussIntegratorFactory GAUSS = new GaussIntegratorFactory();

    private BayesianReadout() {
    }

    /**
     * @param method {@code beta_binomial} or {@code normal_approximation}
     * @param probabilityBBeatsA posterior probability that B's true value is above A's
     * @param expectedLossB expected loss of shipping B (B worse than A)
     * @param expectedLossA expected loss of keeping A (B better than A)
     */
    public record Result(String method, double probabilityBBeatsA, double expectedLossB,
            double expectedLossA) {
    }

    /**
     * Beta-binomial read-out with a uniform Beta(1, 1) prior.
     *
     * @param successesA successes in A
     * @param trialsA trials in A, &gt; 0
     * @param successesB successes in B
     * @param trialsB trials in B, &gt; 0
     * @return the read-out
     * @throws IllegalArgumentException on invalid counts
     */
    public static Result proportions(long successesA, long trialsA, long successesB, long trialsB) {
        return proportions(successesA, trialsA, successesB, trialsB, 1.0, 1.0);
    }

    /**
     * Beta-binomial read-out.
     *
     * @param successesA successes in A
     * @param trialsA trials in A, &gt; 0
     * @param successesB successes in B
     * @param trialsB trials in B, &gt; 0
     * @param priorAlpha prior α₀ &gt; 0
     * @param priorBeta prior β₀ &gt; 0
     * @return the read-out
     * @throws IllegalArgumentException on invalid counts or prior
     */
    public static Result proportions(long successesA, long trialsA, long successesB, long trialsB,
            double priorAlpha, double priorBeta) {
        Checks.counts("arm A", successesA, trialsA);
        Checks.counts("arm B", successesB, trialsB);
        Power.positive("priorAlpha", priorAlpha);
        Power.positive("priorBeta", priorBeta);
        double aA = priorAlpha + successesA;
        double bA = priorBeta + trialsA - successesA;
        double aB = priorAlpha + successesB;
        double bB = priorBeta + trialsB - successesB;
        BetaDistribution postA = new BetaDistribution(null, aA, bA);
        BetaDistribution postB = new BetaDistribution(null, aB, bB);
        double pBBeatsA = integrate(postA, x -> postA.density(x) * upper(x, aB, bB));
        double lossB = integrate(postB, y -> postB.density(y) * positivePart(y, aA, bA));
        double lossA = integrate(postA, x -> postA.density(x) * positivePart(x, aB, bB));
        return new Result("beta_binomial", clamp(pBBeatsA), Math.max(0.0, lossB), Math.max(0.0, lossA));
    }

    /**
     * Normal-approximation read-out for a difference of means.
     *
     * @param delta estimated m_B − m_A
     * @param standardError its standard error, &gt; 0
     * @return the read-out
     * @throws IllegalArgumentException on a non-finite delta or non-positive standard error
     */
    public static Result normalApproximation(double delta, double standardError) {
        if (!Double.isFinite(delta)) {
            throw new IllegalArgumentException("delta must be finite, was " + delta);
        }
        Power.positive("standardError", standardError);
        double z = delta / standardError;
        double density = STANDARD_NORMAL.density(z);
        double lossB = standardError * density - delta * STANDARD_NORMAL.cumulativeProbability(-z);
        double lossA = standardError * density + delta * STANDARD_NORMAL.cumulativeProbability(z);
        return new Result("normal_approximation", STANDARD_NORMAL.cumulativeProbability(z),
                Math.max(0.0, lossB), Math.max(0.0, lossA));
    }

    /** 1 − I_x(a, b). */
    private static double upper(double x, double a, double b) {
        return 1.0 - Beta.regularizedBeta(x, a, b);
    }

    /** E[(X − y)⁺] for X ~ Beta(a, b). */
    private static double positivePart(double y, double a, double b) {
        return a / (a + b) * upper(y, a + 1.0, b) - y * upper(y, a, b);
    }

    private static double integrate(BetaDistribution over,
            org.apache.commons.math3.analysis.UnivariateFunction f) {
        double lo = over.inverseCumulativeProbability(5e-15);
        double hi = over.inverseCumulativeProbability(1.0 - 5e-15);
        int pieces = 32;
        double width = (hi - lo) / pieces;
        double sum = 0.0;
        for (int i = 0; i < pieces; i++) {
            double a = lo + i * width;
            double b = i == pieces - 1 ? hi : a + width;
            GaussIntegrator rule = GAUSS.legendre(32, a, b);
            sum += rule.integrate(f);
        }
        return sum;
    }

    private static double clamp(double p) {
        return Math.max(0.0, Math.min(1.0, p));
    }
}
