package io.recsys.als;

import java.util.Arrays;

/*
 * The items a bounded top-K search keeps for exact re-scoring, with their upper bounds. The lower
 * bound L only rises during a search, so candidates whose upper bound fell below it are dropped
 * whenever the buffer fills (and once at the end); the buffer grows only when that frees less than
 * half of it. Per thread, reused across requests (not thread-safe).
 */
final class Candidates {
    private int[] items = new int[256];
    private float[] upper = new float[256];
    private int count;

    /** Empties the buffer for the next search. */
    void clear() {
        count = 0;
    }

    /** Keeps {@code item} with upper bound {@code ub}; {@code bound} is the current L. */
    void add(int item, float ub, float bound) {
        if (count == items.length) {
            compact(bound);
        }
        items[count] = item;
        upper[count] = ub;
        count++;
    }

    /**
     * Drops the candidates whose upper bound is below {@code bound}, keeping the others in order.
     *
     * @return how many are left
     */
    int compact(float bound) {
        int kept = 0;
        for (int p = 0; p < count; p++) {
            if (upper[p] >= bound) {
                items[kept] = items[p];
                upper[kept] = upper[p];
                kept++;
            }
        }
        if (kept * 2 > items.length) {
            items = Arrays.copyOf(items, items.length * 2);
            upper = Arrays.copyOf(upper, upper.length * 2);
        }
        count = kept;
        return kept;
    }

    /** Sorts the kept candidates by item index (for a search that visits items out of index order). */
    void sortByItem() {
        Arrays.sort(items, 0, count);
    }

    /** @return the candidate at {@code position}, below the count {@link #compact} returned */
    int item(int position) {
        return items[position];
    }
}
