package io.recsys.als;

import io.recsys.core.ScoredItem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The straightforward scorer, kept as the baseline the tuned {@link AlsRecommender} is measured
 * against (and checked for equal results): score every item into a {@code double[]} with a
 * row-major dot product, sort all item positions (boxed) by score, skip excluded ids (a boxed
 * set), take the first {@code k}. Same score arithmetic and tie order (score descending, then item
 * position ascending) as the tuned path. Thread-safe.
 */
public final class NaiveScorer {
    private final long[] itemIds;
    private final float[] itemFactors;
    private final int factors;

    /**
     * @param itemIds item ids, one per row
     * @param itemFactors row-major {@code [itemIds.length, factors]} (not copied)
     * @param factors number of factors
     * @throws IllegalArgumentException when the shapes disagree
     */
    public NaiveScorer(long[] itemIds, float[] itemFactors, int factors) {
        if (factors < 1 || itemFactors.length != (long) itemIds.length * factors) {
            throw new IllegalArgumentException("itemFactors must be [items, factors]");
        }
        this.itemIds = itemIds.clone();
        this.itemFactors = Objects.requireNonNull(itemFactors);
        this.factors = factors;
    }

    /**
     * @param userVector the user's factors
     * @param k how many items
     * @param excludedItemIds ids to leave out
     * @return at most {@code k} items, best first
     */
    public List<ScoredItem> recommend(float[] userVector, int k, long... excludedItemIds) {
        Set<Long> excluded = new HashSet<>();
        for (long id : excludedItemIds) {
            excluded.add(id);
        }
        int n = itemIds.length;
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = Scoring.dot(userVector, 0, itemFactors, i * factors, factors);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> scores[a] > scores[b] ? -1 : scores[a] < scores[b] ? 1 : Integer.compare(a, b));
        var out = new ArrayList<ScoredItem>(Math.min(k, n));
        for (int q = 0; q < n && out.size() < k; q++) {
            long id = itemIds[order[q]];
            if (!excluded.contains(id)) {
                out.add(new ScoredItem(id, (float) scores[order[q]]));
            }
        }
        return out;
    }
}
