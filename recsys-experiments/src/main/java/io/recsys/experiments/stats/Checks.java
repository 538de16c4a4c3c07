package io.recsys.experiments.stats;

/** Argument checks shared by the statistics classes. */
final class Checks {

    private Checks() {
    }

    static double probability(String name, double value) {
        if (!(value > 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), was " + value);
        }
        return value;
    }

    static void counts(String arm, long successes, long trials) {
        if (trials <= 0) {
            throw new IllegalArgumentException(arm + " has no trials (n = " + trials
                    + "); a proportion needs at least one observation");
        }
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException(arm + " successes must be in [0, n]: successes = "
                    + successes + ", n = " + trials);
        }
    }

    static double[] finiteSample(String name, double[] sample, int minSize) {
        if (sample == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (sample.length < minSize) {
            throw new IllegalArgumentException(name + " needs at least " + minSize
                    + " observations, has " + sample.length);
        }
        for (int i = 0; i < sample.length; i++) {
            if (!Double.isFinite(sample[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + sample[i]
                        + "; drop missing values before testing");
            }
        }
        return sample;
    }
}
