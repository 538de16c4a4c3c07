package io.recsys.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A/A simulations where users make several correlated requests: the same population in both
 * arms, so every rejection is a false positive. Users differ in how often they click (20% click
 * 40% of their recommendations, the rest 2.5%: mean 0.1, intra-user correlation 0.25) and in
 * activity (1 to 9 requests in the window, that activity ± 2 in the period before it). The CUPED
 * covariate is the user's clicks before the window, as {@code ExperimentAnalyzer} uses it. 4,000 experiments of 400 users per arm, per seed, three seeds.
 *
 * <p>The request-level z-test treats every request as independent: its false-positive rate at
 * α = 0.05 is far above 0.05. The user-level tests (delta-method ratio, CUPED-adjusted Welch)
 * stay within [0.04, 0.06] (4,000 experiments: SE 0.0034, the band is ±2.9 SE).
 * Figures in docs/ab-testing.md come from this test's output.
 */
class UserLevelAaSimulationTest {

    private static final int EXPERIMENTS = 4_000;
    private static final int USERS_PER_ARM = 400;
    private static final double ALPHA = 0.05;

    @Test
    void requestLevelTestIsAntiConservative_userLevelTestsHoldTheirLevel() {
        long[] seeds = {11L, 23L, 47L};
        double[][] rates = new double[seeds.length][];
        for (int s = 0; s < seeds.length; s++) {
            rates[s] = simulate(seeds[s]);
            System.out.printf("seed %d: FPR request-level z %.4f, user-level delta method %.4f, "
                    + "CUPED-adjusted Welch %.4f, unadjusted per-user Welch %.4f, mean CUPED variance "
                    + "reduction %.3f%n", seeds[s], rates[s][0], rates[s][1], rates[s][2], rates[s][3],
                    rates[s][4]);
        }
        for (double[] r : rates) {
            assertThat(r[0]).as("request-level FPR").isGreaterThan(0.15);
            assertThat(r[1]).as("user-level delta-method FPR").isBetween(0.04, 0.06);
            assertThat(r[2]).as("CUPED A/A FPR").isBetween(0.04, 0.06);
            assertThat(r[3]).as("per-user Welch FPR").isBetween(0.04, 0.06);
            assertThat(r[4]).as("CUPED variance reduction").isGreaterThan(0.2);
        }
        double[] mean = new double[5];
        for (double[] r : rates) {
            for (int i = 0; i < 5; i++) {
                mean[i] += r[i] / rates.length;
            }
        }
        System.out.printf("mean over %d seeds: request-level %.4f, delta method %.4f, CUPED %.4f, "
                + "per-user Welch %.4f, variance reduction %.3f%n", seeds.length, mean[0], mean[1],
                mean[2], mean[3], mean[4]);
    }

    /** @return {request-level FPR, delta-method FPR, CUPED FPR, unadjusted Welch FPR, mean reduction} */
    private static double[] simulate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int requestLevel = 0;
        int deltaMethod = 0;
        int cuped = 0;
        int welch = 0;
        double reduction = 0.0;
        double[][] clicks = new double[2][USERS_PER_ARM];
        double[][] requests = new double[2][USERS_PER_ARM];
        double[][] before = new double[2][USERS_PER_ARM];
        for (int e = 0; e < EXPERIMENTS; e++) {
            long[] totalClicks = new long[2];
            long[] totalRequests = new long[2];
            for (int arm = 0; arm < 2; arm++) {
                for (int u = 0; u < USERS_PER_ARM; u++) {
                    double p = random.nextDouble() < 0.2 ? 0.4 : 0.025;
                    int activity = random.nextInt(1, 10);
                    int c = 0;
                    for (int r = 0; r < activity; r++) {
                        c += random.nextDouble() < p ? 1 : 0;
                    }
                    int activityBefore = Math.max(0, activity + random.nextInt(-2, 3));
                    int cBefore = 0;
                    for (int r = 0; r < activityBefore; r++) {
                        cBefore += random.nextDouble() < p ? 1 : 0;
                    }
                    clicks[arm][u] = c;
                    requests[arm][u] = activity;
                    before[arm][u] = cBefore;
                    totalClicks[arm] += c;
                    totalRequests[arm] += activity;
                }
            }
            if (TwoProportionZTest.test(totalClicks[0], totalRequests[0], totalClicks[1],
                    totalRequests[1]).pValue() < ALPHA) {
                requestLevel++;
            }
            RatioMetric.Comparison ratio = RatioMetric.compare(
                    RatioMetric.estimate(clicks[0], requests[0]),
                    RatioMetric.estimate(clicks[1], requests[1]), 0.95);
            if (ratio.pValue() < ALPHA) {
                deltaMethod++;
            }
            Cuped.Result c = Cuped.test(clicks[0], before[0], clicks[1], before[1], 0.95);
            if (c.adjusted().pValue() < ALPHA) {
                cuped++;
            }
            if (c.unadjusted().pValue() < ALPHA) {
                welch++;
            }
            reduction += c.varianceReduction();
        }
        double n = EXPERIMENTS;
        return new double[] {requestLevel / n, deltaMethod / n, cuped / n, welch / n, reduction / n};
    }
}
