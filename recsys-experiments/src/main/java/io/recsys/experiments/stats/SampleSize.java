package io.recsys.experiments.stats;

import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * Per-arm sample size for two-sided two-sample tests, with R's conventions
 * ({@code power.prop.test}, {@code power.t.test}): the returned {@code exact} size is R's
 * {@code n} (fractional); {@code perArm} rounds it up.
 *
 * <p>Two proportions (Fleiss, Levin, Paik 2003, eq. 4.14 without continuity correction; the
 * closed form of R's {@code power.prop.test}, which solves {@link Power#twoProportions} for n):
 * <pre>
 *   n = ( z_{1−α/2}·√(2·p̄·q̄) + z_{1−β}·√(p1q1 + p2q2) )² / (p1 − p2)²,   p̄ = (p1 + p2)/2
 * </pre>
 * For example baseline 0.85, absolute MDE 0.02 (p2 = 0.87), α = 0.05, power 0.8 gives
 * n = 4723.85, so 4,724 per arm (R: {@code power.prop.test(p1=0.85, p2=0.87, power=0.8)}).
 * The milestone report's "~2,435" is not produced by this or any standard formula for those
 * inputs; see {@code docs/ab-testing.md}.
 *
 * <p>Two means: the n solving {@link Power#twoMeans}{@code (n, σ, δ, α) = power} (noncentral t,
 * as R's {@code power.t.test}), found by Brent's method; and the normal approximation
 * {@code n = 2·(z_{1−α/2} + z_{1−β})²·σ²/δ²}, which is slightly smaller.
 */
public final class SampleSize {

    /** How a minimum detectable effect is expressed. */
    public enum Effect {
        /** Percentage points: p2 = p1 + mde. */
        ABSOLUTE,
        /** A fraction of the baseline: p2 = p1·(1 + mde). */
        RELATIVE
    }

    /**
     * A sample size.
     *
     * @param exact the real-valued solution (R's {@code n})
     * @param perArm {@code ceil(exact)}: observations needed in each arm
     */
    public record Estimate(double exact, long perArm) {
    }

    private SampleSize() {
    }

    /**
     * Sample size to detect a change of a baseline proportion.
     *
     * @param baseline the control proportion p1 in (0, 1)
     * @param mde the minimum detectable effect (non-zero)
     * @param effect whether {@code mde} is absolute or relative to the baseline
     * @param alpha two-sided significance level in (0, 1)
     * @param power target power in (0, 1)
     * @return the size per arm
     * @throws IllegalArgumentException if p2 leaves (0, 1) or an argument is out of range
     */
    public static Estimate twoProportions(double baseline, double mde, Effect effect, double alpha,
            double power) {
        Checks.probability("baseline", baseline);
        double p2 = effect == Effect.ABSOLUTE ? baseline + mde : baseline * (1.0 + mde);
        if (!(p2 > 0.0 && p2 < 1.0)) {
            throw new IllegalArgumentException("baseline " + baseline + " with " + effect
                    + " effect " + mde + " gives treatment proportion " + p2 + ", outside (0, 1)");
        }
        return twoProportions(baseline, p2, alpha, power);
    }

    /**
     * Sample size to tell proportions p1 and p2 apart.
     *
     * @param p1 proportion in arm 1, in (0, 1)
     * @param p2 proportion in arm 2, in (0, 1), different from p1
     * @param alpha two-sided significance level in (0, 1)
     * @param power target power in (0, 1)
     * @return the size per arm
     * @throws IllegalArgumentException on out-of-range arguments or p1 = p2
     */
    public static Estimate twoProportions(double p1, double p2, double alpha, double power) {
        Checks.probability("p1", p1);
        Checks.probability("p2", p2);
        Checks.probability("alpha", alpha);
        Checks.probability("power", power);
        if (p1 == p2) {
            throw new IllegalArgumentException("p1 and p2 are equal (" + p1
                    + "); a zero effect needs an infinite sample");
        }
        double zAlpha = Power.STANDARD_NORMAL.inverseCumulativeProbability(1.0 - alpha / 2.0);
        double zBeta = Power.STANDARD_NORMAL.inverseCumulativeProbability(power);
        double pBar = (p1 + p2) / 2.0;
        double root = zAlpha * Math.sqrt(2.0 * pBar * (1.0 - pBar))
                + zBeta * Math.sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2));
        double d = p1 - p2;
        return estimate(root * root / (d * d));
    }

    /**
     * Sample size for a two-sample t-test (R's {@code power.t.test}).
     *
     * @param sd common standard deviation σ &gt; 0
     * @param delta difference of means to detect, non-zero
     * @param alpha two-sided significance level in (0, 1)
     * @param power target power in (0, 1)
     * @return the size per arm
     * @throws IllegalArgumentException on out-of-range arguments
     */
    public static Estimate twoMeans(double sd, double delta, double alpha, double power) {
        validateMeans(sd, delta, alpha, power);
        double approx = twoMeansNormalApproximation(sd, delta, alpha, power).exact();
        double upper = Math.max(4.0, 2.0 * approx + 10.0);
        // R's uniroot starts at n = 2 and extends the interval downwards when power is already
        // reached there (large effects): n may lie in (1, 2), as with power.t.test(delta = 10).
        double lower = 2.0;
        for (int i = 0; i < 60 && Power.twoMeans(lower, sd, delta, alpha) >= power; i++) {
            lower = 1.0 + (lower - 1.0) / 2.0;
        }
        if (Power.twoMeans(lower, sd, delta, alpha) >= power) {
            throw new IllegalArgumentException("power " + power + " is reached for every n > 1 with delta "
                    + delta + " and sd " + sd + "; no sample size to solve for");
        }
        BrentSolver solver = new BrentSolver(1e-12, 1e-12);
        double n = solver.solve(10_000, m -> Power.twoMeans(m, sd, delta, alpha) - power,
                lower, upper);
        return estimate(n);
    }

    /**
     * Normal-approximation sample size {@code n = 2(z_{1−α/2} + z_{1−β})²σ²/δ²}.
     *
     * @param sd common standard deviation σ &gt; 0
     * @param delta difference of means to detect, non-zero
     * @param alpha two-sided significance level in (0, 1)
     * @param power target power in (0, 1)
     * @return the size per arm
     * @throws IllegalArgumentException on out-of-range arguments
     */
    public static Estimate twoMeansNormalApproximation(double sd, double delta, double alpha,
            double power) {
        validateMeans(sd, delta, alpha, power);
        double zAlpha = Power.STANDARD_NORMAL.inverseCumulativeProbability(1.0 - alpha / 2.0);
        double zBeta = Power.STANDARD_NORMAL.inverseCumulativeProbability(power);
        double z = zAlpha + zBeta;
        return estimate(2.0 * z * z * sd * sd / (delta * delta));
    }

    private static void validateMeans(double sd, double delta, double alpha, double power) {
        Power.positive("sd", sd);
        if (!Double.isFinite(delta) || delta == 0.0) {
            throw new IllegalArgumentException("delta must be finite and non-zero, was " + delta);
        }
        Checks.probability("alpha", alpha);
        Checks.probability("power", power);
    }

    private static Estimate estimate(double exact) {
        // Guard against 4723.000000000001 style round-off before rounding up.
        long perArm = (long) Math.ceil(exact - 1e-9);
        return new Estimate(exact, perArm);
    }
}
