package io.recsys.als;

/**
 * Hyperparameters of an ALS fit. The defaults ({@link #defaults()}) were tuned on MovieLens 100K
 * with the leave-last-out protocol of {@link io.recsys.als.eval.Evaluator} (see
 * {@code docs/benchmarks.md}).
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
 * @param seed seed of the random initial factors
 * @param threads worker threads ({@code >= 1}); results do not depend on it
 */
public record AlsHyperparameters(int factors, int iterations, double regularization, double alpha, int cgSteps,
                                 boolean implicit, boolean binarize, boolean weightedRegularization, long seed,
                                 int threads) {

    /** Validates the ranges. */
    public AlsHyperparameters {
        if (factors < 1 || iterations < 1 || cgSteps < 1 || threads < 1) {
            throw new IllegalArgumentException("factors, iterations, cgSteps and threads must be >= 1");
        }
        if (!(regularization >= 0) || !(alpha >= 0) || Double.isInfinite(regularization) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("regularization and alpha must be finite and >= 0");
        }
    }

    /**
     * The library defaults: implicit ALS, 64 factors, 15 iterations, confidence from the rating
     * value ({@code 1 + 3 r}), {@code lambda = 0.1} weighted by row counts (ALS-WR), 3 CG steps,
     * seed 42, all cores. On MovieLens 100K (leave-last-out) they give HR@10 = 0.1018 and
     * NDCG@10 = 0.0516 with seed 42; over seeds 1, 2, 3, 42 the mean is 0.0946 / 0.0474.
     *
     * @return the defaults
     */
    public static AlsHyperparameters defaults() {
        return new AlsHyperparameters(64, 15, 0.1, 3.0, 3, true, false, true, 42L,
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param value factors
     * @return a copy with this value
     */
    public AlsHyperparameters withFactors(int value) {
        return new AlsHyperparameters(value, iterations, regularization, alpha, cgSteps, implicit, binarize,
                weightedRegularization, seed, threads);
    }

    /**
     * @param value iterations
     * @return a copy with this value
     */
    public AlsHyperparameters withIterations(int value) {
        return new AlsHyperparameters(factors, value, regularization, alpha, cgSteps, implicit, binarize,
                weightedRegularization, seed, threads);
    }

    /**
     * @param value regularization
     * @return a copy with this value
     */
    public AlsHyperparameters withRegularization(double value) {
        return new AlsHyperparameters(factors, iterations, value, alpha, cgSteps, implicit, binarize,
                weightedRegularization, seed, threads);
    }

    /**
     * @param value alpha
     * @return a copy with this value
     */
    public AlsHyperparameters withAlpha(double value) {
        return new AlsHyperparameters(factors, iterations, regularization, value, cgSteps, implicit, binarize,
                weightedRegularization, seed, threads);
    }

    /**
     * @param value CG steps
     * @return a copy with this value
     */
    public AlsHyperparameters withCgSteps(int value) {
        return new AlsHyperparameters(factors, iterations, regularization, alpha, value, implicit, binarize,
                weightedRegularization, seed, threads);
    }

    /**
     * @param value implicit (true) or explicit (false) ALS
     * @return a copy with this value
     */
    public AlsHyperparameters withImplicit(boolean value) {
        return new AlsHyperparameters(factors, iterations, regularization, alpha, cgSteps, value, binarize,
                weightedRegularization, seed, threads);
    }

    /**
     * @param value whether to binarise interactions
     * @return a copy with this value
     */
    public AlsHyperparameters withBinarize(boolean value) {
        return new AlsHyperparameters(factors, iterations, regularization, alpha, cgSteps, implicit, value,
                weightedRegularization, seed, threads);
    }

    /**
     * @param value whether lambda is weighted by row counts
     * @return a copy with this value
     */
    public AlsHyperparameters withWeightedRegularization(boolean value) {
        return new AlsHyperparameters(factors, iterations, regularization, alpha, cgSteps, implicit, binarize,
                value, seed, threads);
    }

    /**
     * @param value seed
     * @return a copy with this value
     */
    public AlsHyperparameters withSeed(long value) {
        return new AlsHyperparameters(factors, iterations, regularization, alpha, cgSteps, implicit, binarize,
                weightedRegularization, value, threads);
    }

    /**
     * @param value threads
     * @return a copy with this value
     */
    public AlsHyperparameters withThreads(int value) {
        return new AlsHyperparameters(factors, iterations, regularization, alpha, cgSteps, implicit, binarize,
                weightedRegularization, seed, value);
    }
}
