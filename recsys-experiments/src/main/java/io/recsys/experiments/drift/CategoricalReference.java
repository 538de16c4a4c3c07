package io.recsys.experiments.drift;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Bins of an id-valued feature (item ids, categories), fixed on the reference sample: the
 * reference's most frequent ids each get a bin (ties broken by smaller id) and every other id,
 * including ids never seen in the reference, falls in one last "other" bin.
 */
public final class CategoricalReference {

    private final Map<Long, Integer> binOfId;
    private final long[] categories;
    private final double[] referenceProportions;

    private CategoricalReference(Map<Long, Integer> binOfId, long[] categories, double[] proportions) {
        this.binOfId = binOfId;
        this.categories = categories;
        this.referenceProportions = proportions;
    }

    /**
     * Fixes category bins on a reference sample.
     *
     * @param reference reference ids (one entry per occurrence), not empty
     * @param maxCategories most ids with their own bin, &ge; 1 (the rest share "other")
     * @return the reference
     * @throws IllegalArgumentException on an empty reference or maxCategories &lt; 1
     */
    public static CategoricalReference of(long[] reference, int maxCategories) {
        if (reference.length == 0) {
            throw new IllegalArgumentException("the reference needs at least one id");
        }
        if (maxCategories < 1) {
            throw new IllegalArgumentException("maxCategories must be >= 1, was " + maxCategories);
        }
        Map<Long, Long> frequency = new HashMap<>();
        for (long id : reference) {
            frequency.merge(id, 1L, Long::sum);
        }
        long[] top = frequency.entrySet().stream()
                .sorted(Comparator.<Map.Entry<Long, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparingLong(Map.Entry::getKey))
                .limit(maxCategories)
                .mapToLong(Map.Entry::getKey)
                .toArray();
        Map<Long, Integer> bins = new HashMap<>();
        for (int i = 0; i < top.length; i++) {
            bins.put(top[i], i);
        }
        CategoricalReference partial = new CategoricalReference(bins, top, null);
        double[] proportions = NumericReference.toProportions(partial.counts(reference));
        return new CategoricalReference(bins, top, proportions);
    }

    /** @return the ids with their own bin, in bin order (the "other" bin is last) */
    public long[] categories() {
        return categories.clone();
    }

    /** @return the number of bins: categories + "other" */
    public int bins() {
        return categories.length + 1;
    }

    /** @return a copy of the reference's proportions per bin ("other" last) */
    public double[] referenceProportions() {
        return referenceProportions.clone();
    }

    /**
     * @param id an id
     * @return its bin; ids without one map to the last ("other") bin
     */
    public int bin(long id) {
        Integer b = binOfId.get(id);
        return b == null ? categories.length : b;
    }

    /**
     * @param ids current ids
     * @return counts per bin
     */
    public long[] counts(long[] ids) {
        long[] counts = new long[bins()];
        for (long id : ids) {
            counts[bin(id)]++;
        }
        return counts;
    }

    /**
     * Compares current ids with the reference.
     *
     * @param ids current ids (present values)
     * @param missing how many current values were missing besides {@code ids}
     * @param minSamples fewest ids for PSI, KL and JS
     * @return the report (no outlier fraction for categories)
     */
    public DriftReport compare(long[] ids, long missing, int minSamples) {
        long observations = ids.length + missing;
        Double missingRatio = observations == 0 ? null : (double) missing / observations;
        if (ids.length < Math.max(1, minSamples)) {
            return new DriftReport(observations, missing, missingRatio, null, null, null, null, null,
                    "needs at least " + Math.max(1, minSamples) + " non-missing values, has " + ids.length);
        }
        double[] current = NumericReference.toProportions(counts(ids));
        double psi = Divergence.psi(referenceProportions, current);
        return new DriftReport(observations, missing, missingRatio, psi,
                Divergence.kullbackLeibler(current, referenceProportions),
                Divergence.jensenShannon(current, referenceProportions), null, DriftBand.of(psi), null);
    }

    @Override
    public String toString() {
        return "CategoricalReference" + Arrays.toString(categories) + "+other";
    }
}
