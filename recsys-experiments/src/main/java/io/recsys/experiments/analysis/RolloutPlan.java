package io.recsys.experiments.analysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How an analysed canary walks: its traffic steps, what each step needs before it may advance,
 * how often it is evaluated, and the error budget of its tests.
 *
 * @param steps canary percentages, strictly increasing, each in (0, 100]; passing the last promotes
 * @param minUsersPerStep distinct users each arm must have in a step before it advances (the primary
 *     arm is exempt at 100%)
 * @param minStepDuration the least time a step lasts
 * @param interval how often the analysis is evaluated
 * @param alpha the false-rollback budget of the whole analysis, in (0, 0.5]: each of the three
 *     checks gets {@code alpha / 3} (Bonferroni), so an equal canary is rolled back with probability at
 *     most {@code alpha} however often it is evaluated
 * @param tau the mixing standard deviation of the mixture SPRTs: power is best for differences of about
 *     this size (on the proportion scale)
 * @param minSamples the least trials each arm needs before a check is computed at all (the normal
 *     approximation behind the test is poor below it)
 * @param srmThreshold the p-value below which the step's user split is a sample ratio mismatch
 * @param latencyFloorMs a request is only "slow" above this latency, whatever the pooled p95: a
 *     difference among requests faster than it is not worth a rollback (an equal canary whose
 *     scoring took 18 µs against the primary's 11 µs, a JIT-warmth difference, was otherwise rolled
 *     back). 0 compares at the pooled p95 alone.
 */
public record RolloutPlan(List<Double> steps, long minUsersPerStep, Duration minStepDuration, Duration interval,
        double alpha, double tau, long minSamples, double srmThreshold, double latencyFloorMs) {

    /** The default steps: 5, 10, 25, 50 and 100 percent. */
    public static final List<Double> DEFAULT_STEPS = List.of(5.0, 10.0, 25.0, 50.0, 100.0);

    /** Validates every field; messages name the field and the allowed range. */
    public RolloutPlan {
        if (steps == null || steps.isEmpty() || steps.size() > 20) {
            throw new IllegalArgumentException("steps must list 1 to 20 canary percentages, e.g. 5,10,25,50,100");
        }
        steps = List.copyOf(steps);
        double previous = 0.0;
        for (Double s : steps) {
            if (s == null || !(s > previous) || s > 100.0) {
                throw new IllegalArgumentException("steps must be strictly increasing percentages in (0, 100], got "
                        + steps);
            }
            previous = s;
        }
        if (minUsersPerStep < 0 || minUsersPerStep > 100_000_000L) {
            throw new IllegalArgumentException("min users per step must be in [0, 100000000], was " + minUsersPerStep);
        }
        positive("min step duration", minStepDuration);
        positive("interval", interval);
        if (!(alpha > 0.0 && alpha <= 0.5)) {
            throw new IllegalArgumentException("alpha must be in (0, 0.5], was " + alpha);
        }
        if (!(tau > 0.0 && tau <= 1.0)) {
            throw new IllegalArgumentException("tau must be in (0, 1], was " + tau);
        }
        if (minSamples < 1 || minSamples > 1_000_000L) {
            throw new IllegalArgumentException("min samples must be in [1, 1000000], was " + minSamples);
        }
        if (!(srmThreshold > 0.0 && srmThreshold < 0.5)) {
            throw new IllegalArgumentException("SRM threshold must be in (0, 0.5), was " + srmThreshold);
        }
        if (!(latencyFloorMs >= 0.0 && latencyFloorMs <= 60_000.0)) {
            throw new IllegalArgumentException("latency floor must be in [0, 60000] ms, was " + latencyFloorMs);
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative() || d.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException(name + " must be positive and at most 30 days, was " + d);
        }
    }

    /** @return the significance level of each check: {@code alpha / 3} */
    public double alphaPerCheck() {
        return alpha / CheckName.values().length;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this plan's values */
    public Builder toBuilder() {
        return new Builder().steps(steps).minUsersPerStep(minUsersPerStep).minStepDuration(minStepDuration)
                .interval(interval).alpha(alpha).tau(tau).minSamples(minSamples).srmThreshold(srmThreshold).latencyFloorMs(latencyFloorMs);
    }

    /**
     * Builds a {@link RolloutPlan}. Defaults: steps 5, 10, 25, 50, 100; 100 users per arm and step;
     * 10 minutes per step; evaluated every 30 s; alpha 0.05; tau 0.05; 30 samples; SRM at p &lt; 0.0001
     * (stricter than the one-off 0.001, because it is checked at every evaluation); latency floor 5 ms.
     */
    public static final class Builder {
        private List<Double> steps = DEFAULT_STEPS;
        private long minUsersPerStep = 100;
        private Duration minStepDuration = Duration.ofMinutes(10);
        private Duration interval = Duration.ofSeconds(30);
        private double alpha = 0.05;
        private double tau = 0.05;
        private long minSamples = 30;
        private double srmThreshold = 0.0001;
        private double latencyFloorMs = 5.0;

        private Builder() {
        }

        /**
         * @param value canary percentages, strictly increasing
         * @return this builder
         */
        public Builder steps(List<Double> value) {
            this.steps = value == null ? null : new ArrayList<>(value);
            return this;
        }

        /**
         * @param value distinct users per arm a step needs
         * @return this builder
         */
        public Builder minUsersPerStep(long value) {
            this.minUsersPerStep = value;
            return this;
        }

        /**
         * @param value the least time a step lasts
         * @return this builder
         */
        public Builder minStepDuration(Duration value) {
            this.minStepDuration = value;
            return this;
        }

        /**
         * @param value how often to evaluate
         * @return this builder
         */
        public Builder interval(Duration value) {
            this.interval = value;
            return this;
        }

        /**
         * @param value the false-rollback budget of the whole analysis
         * @return this builder
         */
        public Builder alpha(double value) {
            this.alpha = value;
            return this;
        }

        /**
         * @param value the mixing standard deviation of the tests
         * @return this builder
         */
        public Builder tau(double value) {
            this.tau = value;
            return this;
        }

        /**
         * @param value the least trials per arm before a check is computed
         * @return this builder
         */
        public Builder minSamples(long value) {
            this.minSamples = value;
            return this;
        }

        /**
         * @param value the SRM p-value threshold
         * @return this builder
         */
        public Builder srmThreshold(double value) {
            this.srmThreshold = value;
            return this;
        }

        /**
         * @param value latency in ms below which no request counts as slow
         * @return this builder
         */
        public Builder latencyFloorMs(double value) {
            this.latencyFloorMs = value;
            return this;
        }

        /**
         * @return the plan
         * @throws IllegalArgumentException when a value is out of range
         */
        public RolloutPlan build() {
            return new RolloutPlan(steps, minUsersPerStep, minStepDuration, interval, alpha, tau, minSamples,
                    srmThreshold, latencyFloorMs);
        }
    }
}
