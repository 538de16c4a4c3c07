package io.recsys.spark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spark MLlib ALS settings. The defaults match the in-process trainer's defaults (64 factors,
 * 15 sweeps, lambda 0.1 scaled per row as ALS-WR, confidence {@code 1 + 3 r}, seed 42), so the
 * two engines train the same model family from the same numbers.
 *
 * @param rank latent factors, at least 1
 * @param iterations alternating sweeps, at least 1
 * @param regParam L2 weight lambda (Spark scales it by each row's interaction count), at least 0
 * @param alpha implicit only: confidence is {@code 1 + alpha * r}, at least 0
 * @param implicit implicit-feedback ALS when true, explicit ratings when false
 * @param seed random seed of the initial factors
 */
public record SparkAlsParameters(int rank, int iterations, double regParam, double alpha, boolean implicit, long seed) {

    /** Validates the ranges. */
    public SparkAlsParameters {
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be at least 1, got " + rank);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        if (!(regParam >= 0) || Double.isInfinite(regParam)) {
            throw new IllegalArgumentException("regParam must be a finite number >= 0, got " + regParam);
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
        }
    }

    /** @return rank 64, 15 iterations, regParam 0.1, alpha 3, implicit, seed 42 */
    public static SparkAlsParameters defaults() {
        return new SparkAlsParameters(64, 15, 0.1, 3.0, true, 42L);
    }

    /**
     * The parameters as the manifest and {@code meta.json} record them: the in-process trainer's
     * key names where the meaning is the same ({@code factors}, {@code regularization},
     * {@code weighted_regularization}, which Spark always applies).
     *
     * @return snake_case keys in a stable order
     */
    public Map<String, Object> toMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("factors", rank);
        m.put("iterations", iterations);
        m.put("regularization", regParam);
        m.put("alpha", alpha);
        m.put("implicit", implicit);
        m.put("weighted_regularization", true);
        m.put("seed", seed);
        return m;
    }
}
