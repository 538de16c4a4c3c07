package io.recsys.experiments.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * More than two arms: every treatment against the control with a two-proportion z-test, the
 * p-values adjusted by Holm's step-down method so that the family-wise error rate over the k − 1
 * comparisons stays at α (Holm 1979). Dunnett's test, which uses the correlation of the
 * comparisons through the shared control, is slightly more powerful but needs the multivariate
 * normal distribution; it is not provided. The sample ratio mismatch over all k arms is
 * {@link SampleRatioMismatch#test(long[], double[], double)}.
 */
public final class MultiArm {

    private MultiArm() {
    }

    /**
     * One treatment against the control.
     *
     * @param arm the treatment's index in the input arrays
     * @param test the unadjusted z-test of treatment − control
     * @param holmAdjustedPValue the Holm-adjusted p-value over all comparisons
     * @param significant whether the adjusted p-value is below α
     */
    public record Comparison(int arm, TwoProportionZTest.Result test, double holmAdjustedPValue,
            boolean significant) {
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
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            out.add(new Comparison(i, tests.get(i), adjusted[i], adjusted[i] < alpha));
        }
        return List.copyOf(out);
    }
}
