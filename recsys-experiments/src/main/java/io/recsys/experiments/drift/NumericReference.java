package io.recsys.experiments.drift;

import io.recsys.experiments.stats.Quantiles;
import java.util.Arrays;

/**
 * Bins and outlier fences of a numeric feature, fixed on the reference (training) sample, so
 * that every later comparison uses the same bins.
 *
 * <p>Bins: the interior edges are the type-7 quantiles of the reference at {@code i/k},
 * i = 1 … k−1 (deciles for k = 10), duplicates removed (heavily tied features such as counts get
 * fewer bins); bin j is {@code (e_{j−1}, e_j]}, with {@code e_0 = −∞} and {@code e_k = +∞}, so
 * every future value falls in a bin. The reference proportions are the reference sample's own
 * shares of those bins (not assumed to be 1/k, which ties would break).
 *
 * <p>Outliers: a value is an outlier when it lies outside Tukey's fences of the reference,
 * {@code [Q1 − 1.5·IQR, Q3 + 1.5·IQR]} with {@code IQR = Q3 − Q1} (Tukey, <i>Exploratory Data
 * Analysis</i>, 1977), quartiles by type 7.
 *
 * <p>NaN values count as missing, everywhere.
 */
public final class NumericReference {

    private final double[] edges;
    private final double[] referenceProportions;
    private final double lowerFence;
    private final double upperFence;

    private NumericReference(double[] edges, double[] referenceProportions, double lowerFence,
            double upperFence) {
        this.edges = edges;
        this.referenceProportions = referenceProportions;
        this.lowerFence = lowerFence;
        this.upperFence = upperFence;
    }

    /**
     * Fixes quantile bins on a reference sample.
     *
     * @param reference reference values; NaN entries are ignored; at least 2 others needed
     * @param bins the number of quantile bins wanted, 2–1,000 (10 is usual)
     * @return the reference
     * @throws IllegalArgumentException with fewer than 2 non-missing values, infinite values or
     *     a bin count out of range
     */
    public static NumericReference of(double[] reference, int bins) {
        if (bins < 2 || bins > 1000) {
            throw new IllegalArgumentException("bins must be in [2, 1000], was " + bins);
        }
        double[] sorted = Arrays.stream(reference).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length < 2) {
            throw new IllegalArgumentException("the reference needs at least 2 non-missing values, has "
                    + sorted.length);
        }
        if (Double.isInfinite(sorted[0]) || Double.isInfinite(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("the reference contains infinite values");
        }
        double[] edges = new double[bins - 1];
        int n = 0;
        for (int i = 1; i < bins; i++) {
            double e = Quantiles.sortedQuantile(sorted, (double) i / bins);
            if (n == 0 || e > edges[n - 1]) {
                edges[n++] = e;
            }
        }
        edges = Arrays.copyOf(edges, n);
        double[] counts = new double[n + 1];
        for (double v : sorted) {
            counts[bin(edges, v)]++;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] /= sorted.length;
        }
        double q1 = Quantiles.sortedQuantile(sorted, 0.25);
        double q3 = Quantiles.sortedQuantile(sorted, 0.75);
        double iqr = q3 - q1;
        return new NumericReference(edges, counts, q1 - 1.5 * iqr, q3 + 1.5 * iqr);
    }

    /** @return a copy of the interior bin edges, ascending */
    public double[] edges() {
        return edges.clone();
    }

    /** @return the number of bins (edges + 1) */
    public int bins() {
        return edges.length + 1;
    }

    /** @return a copy of the reference's proportions per bin */
    public double[] referenceProportions() {
        return referenceProportions.clone();
    }

    /** @return the lower Tukey fence Q1 − 1.5·IQR */
    public double lowerFence() {
        return lowerFence;
    }

    /** @return the upper Tukey fence Q3 + 1.5·IQR */
    public double upperFence() {
        return upperFence;
    }

    /**
     * @param value a non-NaN value
     * @return its bin index in [0, bins)
     */
    public int bin(double value) {
        return bin(edges, value);
    }

    /**
     * Counts of non-missing values per bin.
     *
     * @param values current values (NaN = missing, skipped)
     * @return counts per bin
     */
    public long[] counts(double[] values) {
        long[] counts = new long[bins()];
        for (double v : values) {
            if (!Double.isNaN(v)) {
                counts[bin(v)]++;
            }
        }
        return counts;
    }

    /**
     * Compares current values with the reference.
     *
     * @param values current values (NaN = missing)
     * @param minSamples fewest non-missing values for PSI, KL, JS and outliers (e.g. 50)
     * @return the report
     */
    public DriftReport compare(double[] values, int minSamples) {
        long missing = 0;
        long outliers = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                missing++;
            } else if (v < lowerFence || v > upperFence) {
                outliers++;
            }
        }
        long present = values.length - missing;
        Double missingRatio = values.length == 0 ? null : (double) missing / values.length;
        if (present < Math.max(1, minSamples)) {
            return new DriftReport(values.length, missing, missingRatio, null, null, null, null, null,
                    "needs at least " + Math.max(1, minSamples) + " non-missing values, has " + present);
        }
        double[] current = toProportions(counts(values));
        double psi = Divergence.psi(referenceProportions, current);
        return new DriftReport(values.length, missing, missingRatio, psi,
                Divergence.kullbackLeibler(current, referenceProportions),
                Divergence.jensenShannon(current, referenceProportions),
                (double) outliers / present, DriftBand.of(psi), null);
    }

    static double[] toProportions(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double[] p = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            p[i] = (double) counts[i] / total;
        }
        return p;
    }

    private static int bin(double[] edges, double value) {
        // first edge >= value: bins are right-closed (e_{j-1}, e_j]
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
