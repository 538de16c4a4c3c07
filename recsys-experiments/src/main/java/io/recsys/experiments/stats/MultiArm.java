package io.recsys.experiments.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * More than two arms: every treatment against the control with a two-proportion z-test, the
 * p-values adjusted for the k − 1 comparisons in two ways, both controlling the family-wise error
 * rate at α:
 * <ul>
 *   <li>Holm's step-down method (Holm 1979), valid under any dependence;
 *   <li>Dunnett's single-step method (Dunnett 1955), which uses that the comparisons share the
 *       control and is less conservative. This is its large-sample (normal) form: the z statistics
 *       Z_i = (p̂_i − p̂_0)/SE_i are jointly normal with correlations ρ_ij = λ_i·λ_j,
 *       λ_i = √(v_0 / (v_0 + v_i)) with v the variance of each arm's rate, so
 *       <pre>
 *   P(max_j |Z_j| &lt; c) = ∫ φ(z) · Π_j [Φ((c + λ_j z)/√(1 − λ_j²)) − Φ((−c + λ_j z)/√(1 − λ_j²))] dz
 *       </pre>
 *       and the adjusted p-value of comparison i is {@code 1 − P(max_j |Z_j| < |z_i|)}. With one
 *       arm it is the unadjusted p-value.
 * </ul>
 * The sample ratio mismatch over all k arms is
 * {@link SampleRatioMismatch#test(long[], double[], double)}.
 */
public final class MultiArm {

    private static final org.apache.commons.math3.distribution.NormalDistribution STANDARD_NORMAL =
            new org.apache.commons.math3.distribution.NormalDistribution(null, 0.0, 1.0);
    private static final org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory GAUSS =
            new org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory();

    private MultiArm() {
    }

    /**
     * One treatment against the control.
     *
     * @param arm the treatment's index in the input arrays
     * @param test the unadjusted z-test of treatment − control
     * @param holmAdjustedPValue the Holm-adjusted p-value over all comparisons
     * @param dunnettAdjustedPValue the single-step Dunnett-adjusted p-value (normal form)
     * @param significant whether the Holm-adjusted p-value is below α
     */
    public record Comparison(int arm, TwoProportionZTest.Result test, double holmAdjustedPValue,
            double dunnettAdjustedPValue, boolean significant) {
    }

    /**
     * @param controlSuccesses successes in the control
     * @param controlTrials trials in the control, &gt; 0
     * @param successes successes per treatment arm
     * @param trials trials per treatment arm, each &gt; 0
     * @param alpha family-wise level in (0, 1)
     * @param confidenceLevel level of the unadjusted intervals
     * @return one comparison per treatment arm, in input order
     * @throws IllegalArgumentException on null or mismatched arrays or invalid counts
     */
    public static List<Comparison> versusControl(long controlSuccesses, long controlTrials,
            long[] successes, long[] trials, double alpha, double confidenceLevel) {
        if (successes == null || trials == null || successes.length != trials.length || successes.length == 0) {
            throw new IllegalArgumentException("need one success count and one trial count per treatment "
                    + "arm (at least one arm)");
        }
        Checks.probability("alpha", alpha);
        List<TwoProportionZTest.Result> tests = new ArrayList<>();
        double[] p = new double[successes.length];
        for (int i = 0; i < successes.length; i++) {
            TwoProportionZTest.Result r = TwoProportionZTest.test(controlSuccesses, controlTrials,
                    successes[i], trials[i], confidenceLevel);
            tests.add(r);
            p[i] = r.pValue();
        }
        double[] adjusted = MultipleComparisons.holm(p);
        // Dunnett: the correlation of comparison i with the others comes from the shared control.
        double pC = (double) controlSuccesses / controlTrials;
        double vC = pC * (1.0 - pC) / controlTrials;
        double[] lambda = new double[p.length];
        double[] z = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            TwoProportionZTest.Result r = tests.get(i);
            double v = r.rateB() * (1.0 - r.rateB()) / r.trialsB();
            lambda[i] = vC + v == 0.0 ? 0.0 : Math.sqrt(vC / (vC + v));
            z[i] = r.unpooledStandardError() == 0.0 ? 0.0 : r.delta() / r.unpooledStandardError();
        }
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            double dunnett = Math.max(0.0, Math.min(1.0, 1.0 - maxAbsBelow(Math.abs(z[i]), lambda)));
            out.add(new Comparison(i, tests.get(i), adjusted[i], dunnett, adjusted[i] < alpha));
        }
        return List.copyOf(out);
    }

    /**
     * P(max_j |Z_j| &lt; c) for standard normals with correlations λ_i·λ_j (λ_j &lt; 1), by
     * Gauss–Legendre quadrature over z in [−12, 12].
     *
     * @param c the bound, &ge; 0
     * @param lambda the correlation factors in [0, 1)
     * @return the probability
     */
    static double maxAbsBelow(double c, double[] lambda) {
        org.apache.commons.math3.analysis.UnivariateFunction f = x -> {
            double product = STANDARD_NORMAL.density(x);
            for (double l : lambda) {
                double s = Math.sqrt(1.0 - l * l);
                product *= STANDARD_NORMAL.cumulativeProbability((c + l * x) / s)
                        - STANDARD_NORMAL.cumulativeProbability((-c + l * x) / s);
            }
            return product;
        };
        double sum = 0.0;
        int pieces = 48;
        double width = 24.0 / pieces;
        for (int i = 0; i < pieces; i++) {
            double a = -12.0 + i * width;
            sum += GAUSS.legendre(32, a, a + width).integrate(f);
        }
        return sum;
    }
}
