package io.recsys.experiments.stats;

import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * The minimum detectable effect (MDE) for a given per-arm size: the smallest true effect that a
 * two-sided test at level α detects with the given power. It solves {@link Power} for the
 * effect, as R's {@code power.prop.test(n =, p1 =, power =)} solves for {@code p2} and
 * {@code power.t.test(n =, sd =, power =)} for {@code delta}.
 */
public final class MinimumDetectableEffect {

    private MinimumDetectableEffect() {
    }

    /**
     * The smallest increase {@code p2 − p1 > 0} of a baseline proportion detectable with
     * {@code perArm} observations per arm.
     *
     * @param baseline p1 in (0, 1)
     * @param perArm observations per arm, &gt; 0
     * @param alpha two-sided level in (0, 1)
     * @param power target power in (α/2, 1)
     * @return the absolute MDE (percentage points as a fraction)
     * @throws IllegalArgumentException on out-of-range arguments, or when even p2 → 1 is not
     *     detectable with that size
     */
    public static double twoProportions(double baseline, double perArm, double alpha, double power) {
        Checks.probability("baseline", baseline);
        Power.positive("perArm", perArm);
        Checks.probability("alpha", alpha);
        Checks.probability("power", power);
        beyondNull(alpha, power);
        double top = 1.0 - 1e-10;
        if (Power.twoProportions(perArm, baseline, top, alpha) < power) {
            throw new IllegalArgumentException("no increase of baseline " + baseline
                    + " is detectable with power " + power + " at " + perArm + " per arm");
        }
        BrentSolver solver = new BrentSolver(1e-14, 1e-14);
        double p2 = solver.solve(10_000, p -> Power.twoProportions(perArm, baseline, p, alpha) - power,
                baseline + 1e-12, top);
        return p2 - baseline;
    }

    /**
     * The smallest difference of means {@code δ > 0} detectable by a two-sample t-test with
     * {@code perArm} observations per arm.
     *
     * @param sd the common standard deviation, &gt; 0
     * @param perArm observations per arm, &gt; 1
     * @param alpha two-sided level in (0, 1)
     * @param power target power in (α/2, 1)
     * @return the MDE on the metric's scale
     * @throws IllegalArgumentException on out-of-range arguments
     */
    public static double twoMeans(double sd, double perArm, double alpha, double power) {
        Power.positive("sd", sd);
        Checks.probability("alpha", alpha);
        Checks.probability("power", power);
        beyondNull(alpha, power);
        Power.twoMeans(perArm, sd, sd, alpha);
        double hi = sd;
        for (int i = 0; i < 200 && Power.twoMeans(perArm, sd, hi, alpha) < power; i++) {
            hi *= 2.0;
        }
        double top = hi;
        BrentSolver solver = new BrentSolver(1e-13 * sd, 1e-13 * sd);
        return solver.solve(10_000, d -> Power.twoMeans(perArm, sd, d, alpha) - power, 0.0, top);
    }

    /** At a zero effect the (one-tailed, as in R) power is α/2: a smaller target has no MDE. */
    private static void beyondNull(double alpha, double power) {
        if (!(power > alpha / 2.0)) {
            throw new IllegalArgumentException("power " + power + " must exceed alpha/2 = " + alpha / 2.0
                    + ", the power at a zero effect");
        }
    }
}
