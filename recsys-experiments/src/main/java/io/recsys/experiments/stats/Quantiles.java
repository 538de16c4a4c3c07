package io.recsys.experiments.stats;

import java.util.Arrays;

/**
 * Sample quantiles by linear interpolation between order statistics: Hyndman and Fan (1996)
 * definition 7, the default of R's {@code quantile} and NumPy's {@code percentile}.
 *
 * <pre>
 *   h = (n − 1) · q,   Q(q) = x_(⌊h⌋) + (h − ⌊h⌋) · (x_(⌊h⌋+1) − x_(⌊h⌋))   (0-based order statistics)
 * </pre>
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
        if (data.length == 0) {
            throw new IllegalArgumentException("quantile of an empty sample is undefined");
        }
        double[] sorted = data.clone();
        Arrays.sort(sorted);
        return sortedQuantile(sorted, q);
    }

    /**
     * Like {@link #quantile} on data that is already sorted ascending (no copy).
     *
     * @param sorted finite values sorted ascending, not empty
     * @param q the probability in [0, 1]
     * @return the type-7 sample quantile
     * @throws IllegalArgumentException if data is empty or q is outside [0, 1]
     */
    public static double sortedQuantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("quantile of an empty sample is undefined");
        }
        if (!(q >= 0.0 && q <= 1.0)) {
            throw new IllegalArgumentException("quantile probability must be in [0, 1], was " + q);
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * A statistic for {@link Bootstrap}: the type-7 quantile at {@code q}.
     *
     * @param q the probability in [0, 1]
     * @return a function computing that quantile (it sorts a copy of its argument)
     */
    public static java.util.function.ToDoubleFunction<double[]> at(double q) {
        if (!(q >= 0.0 && q <= 1.0)) {
            throw new IllegalArgumentException("quantile probability must be in [0, 1], was " + q);
        }
        return data -> quantile(data, q);
    }
}
