package io.recsys.als;

import java.util.Objects;

/**
 * Hyperparameters of an ALS fit. Build them with {@link #builder()} (which starts from the
 * defaults) or derive a variant with {@link #toBuilder()}; {@link #defaults()} gives the library
 * defaults, tuned on MovieLens 100K with the leave-last-out protocol of
 * {@link io.recsys.als.eval.Evaluator} (see {@code docs/benchmarks.md}).
 *
 * @param factors number of latent factors ({@code >= 1})
 * @param iterations number of alternating sweeps ({@code >= 1})
 * @param regularization L2 weight {@code lambda} ({@code >= 0})
 * @param alpha implicit only: confidence is {@code 1 + alpha * r} ({@code >= 0})
 * @param cgSteps implicit only: conjugate-gradient steps per row and sweep ({@code >= 1})
 * @param implicit implicit-feedback ALS (Hu, Koren, Volinsky) when true, explicit ratings when false
 * @param binarize implicit only: treat every interaction as {@code r = 1} regardless of its value
 * @param weightedRegularization scale {@code lambda} by each row's number of interactions
 *     (ALS-WR, Zhou et al. 2008, as Spark MLlib does) instead of a plain {@code lambda}
 * @param recency implicit only: how old interactions are discounted (needs timestamps for
 *     {@link RecencyRule#AGE_DAYS}; {@link RecencyRule#POSITION} without timestamps discounts nothing,
 *     as there is no order to count)
 * @param recencyHalfLife half-life of the discount, in positions or days ({@code > 0}; ignored for
 *     {@link RecencyRule#NONE})
 * @param seed seed of the random initial factors
 * @param threads worker threads ({@code >= 1}); results do not depend on it
 */
public record AlsHyperparameters(int factors, int iterations, double regularization, double alpha, int cgSteps,
                                 boolean implicit, boolean binarize, boolean weightedRegularization,
                                 RecencyRule recency, double recencyHalfLife, long seed, int threads) {

    /** Validates the ranges. */
    public AlsHyperparameters {
        if (factors < 1 || iterations < 1 || cgSteps < 1 || threads < 1) {
            throw new IllegalArgumentException("factors, iterations, cgSteps and threads must be >= 1");
        }
        if (!(regularization >= 0) || !(alpha >= 0) || Double.isInfinite(regularization) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("regularization and alpha must be finite and >= 0");
        }
        Objects.requireNonNull(recency, "recency");
        if (!(recencyHalfLife > 0) || Double.isInfinite(recencyHalfLife)) {
            throw new IllegalArgumentException("recencyHalfLife must be finite and > 0");
        }
    }

    /**
     * The library defaults: implicit ALS, 64 factors, 15 iterations, confidence from the rating
     * value ({@code 1 + 3 r}) discounted by half every 3 positions from the user's latest
     * interaction ({@link RecencyRule#POSITION}, half-life 3; no discount without timestamps),
     * {@code lambda = 0.1} weighted by row counts (ALS-WR), 3 CG steps, seed 42, all cores. On
     * MovieLens 100K (leave-last-out, seeds 1, 2, 3) they give NDCG@10 0.0679 against 0.0457
     * without the discount (see {@code docs/benchmarks.md}).
     *
     * @return the defaults
     */
    public static AlsHyperparameters defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these values */
    public Builder toBuilder() {
        return new Builder().factors(factors).iterations(iterations).regularization(regularization).alpha(alpha)
                .cgSteps(cgSteps).implicit(implicit).binarize(binarize).weightedRegularization(weightedRegularization)
                .recency(recency).recencyHalfLife(recencyHalfLife).seed(seed).threads(threads);
    }

    /** Collects hyperparameters; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private int factors = 64;
        private int iterations = 15;
        private double regularization = 0.1;
        private double alpha = 3.0;
        private int cgSteps = 3;
        private boolean implicit = true;
        private boolean binarize;
        private boolean weightedRegularization = true;
        private RecencyRule recency = RecencyRule.POSITION;
        private double recencyHalfLife = 3.0;
        private long seed = 42L;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {
        }

        /**
         * @param value latent factors
         * @return this builder
         */
        public Builder factors(int value) {
            factors = value;
            return this;
        }

        /**
         * @param value sweeps
         * @return this builder
         */
        public Builder iterations(int value) {
            iterations = value;
            return this;
        }

        /**
         * @param value L2 weight lambda
         * @return this builder
         */
        public Builder regularization(double value) {
            regularization = value;
            return this;
        }

        /**
         * @param value implicit confidence scale
         * @return this builder
         */
        public Builder alpha(double value) {
            alpha = value;
            return this;
        }

        /**
         * @param value CG steps per row and sweep
         * @return this builder
         */
        public Builder cgSteps(int value) {
            cgSteps = value;
            return this;
        }

        /**
         * @param value implicit (true) or explicit (false) ALS
         * @return this builder
         */
        public Builder implicit(boolean value) {
            implicit = value;
            return this;
        }

        /**
         * @param value whether every interaction counts as {@code r = 1}
         * @return this builder
         */
        public Builder binarize(boolean value) {
            binarize = value;
            return this;
        }

        /**
         * @param value whether lambda is scaled by each row's count (ALS-WR)
         * @return this builder
         */
        public Builder weightedRegularization(boolean value) {
            weightedRegularization = value;
            return this;
        }

        /**
         * @param value how old interactions are discounted
         * @return this builder
         */
        public Builder recency(RecencyRule value) {
            recency = value;
            return this;
        }

        /**
         * @param value half-life of the recency discount, in positions or days
         * @return this builder
         */
        public Builder recencyHalfLife(double value) {
            recencyHalfLife = value;
            return this;
        }

        /**
         * @param value seed of the initial factors
         * @return this builder
         */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /**
         * @param value worker threads
         * @return this builder
         */
        public Builder threads(int value) {
            threads = value;
            return this;
        }

        /**
         * @return the hyperparameters
         * @throws IllegalArgumentException when a value is out of range
         */
        public AlsHyperparameters build() {
            return new AlsHyperparameters(factors, iterations, regularization, alpha, cgSteps, implicit, binarize,
                    weightedRegularization, recency, recencyHalfLife, seed, threads);
        }
    }
}
