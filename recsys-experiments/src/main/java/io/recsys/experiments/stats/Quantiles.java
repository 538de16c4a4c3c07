package io.recsys.experiments.stats;

import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Sample quantiles by linear interpolation between order statistics: Hyndman and Fan (1996)
 * definition 7, the default of R's {@code quantile} and NumPy's {@code percentile}, computed by
 * commons-math3's {@link Percentile} with {@link Percentile.EstimationType#R_7}.
 *
 * <pre>
 *   h = (n − 1) · q,   Q(q) = x_(⌊h⌋) + (h − ⌊h⌋) · (x_(⌊h⌋+1) − x_(⌊h⌋))   (0-based order statistics)
 * </pre>
 * A {@link Percentile} keeps state between calls, so each call uses its own instance.
 */
public final class Quantiles {

    private Quantiles() {
    }

    /**
     * @param data finite values, not empty (not modified)
     * @param q the probability in [0, 1]
     * @return the type-7 sample quantile
     * @throws IllegalArgumentException if data is empty or q is outside [0, 1]
     */
    public static double quantile(double[] data, double q) {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("quantile of an empty sample is undefined");
        }
        check(q);
        if (q == 0.0) {
            double min = data[0];
            for (double v : data) {
                min = Math.min(min, v);
            }
            return min;
        }
        return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(data, q * 100.0);
    }

    /**
     * Like {@link #quantile} on data that is already sorted ascending.
     *
     * @param sorted finite values sorted ascending, not empty
     * @param q the probability in [0, 1]
     * @return the type-7 sample quantile
     * @throws IllegalArgumentException if data is empty or q is outside [0, 1]
     */
    public static double sortedQuantile(double[] sorted, double q) {
        if (sorted == null || sorted.length == 0) {
            throw new IllegalArgumentException("quantile of an empty sample is undefined");
        }
        check(q);
        return q == 0.0 ? sorted[0] : quantile(sorted, q);
    }

    /**
     * A statistic for {@link Bootstrap}: the type-7 quantile at {@code q}.
     *
     * @param q the probability in [0, 1]
     * @return a function computing that quantile
     */
    public static ToDoubleFunction<double[]> at(double q) {
        check(q);
        return data -> quantile(data, q);
    }

    private static void check(double q) {
        if (!(q >= 0.0 && q <= 1.0)) {
            throw new IllegalArgumentException("quantile probability must be in [0, 1], was " + q);
        }
    }
}
