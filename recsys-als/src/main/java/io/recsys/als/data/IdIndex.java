package io.recsys.als.data;

import java.util.Arrays;

/**
 * Two-way mapping between external {@code long} ids and dense {@code int} indices
 * {@code 0..size-1}. Immutable and thread-safe.
 */
public final class IdIndex {
    private final long[] ids;
    private final LongIntHashMap lookup;

    private IdIndex(long[] ids) {
        this.ids = ids;
        this.lookup = new LongIntHashMap(ids.length);
        for (int i = 0; i < ids.length; i++) {
            if (lookup.putIfAbsent(ids[i], i) >= 0) {
                throw new IllegalArgumentException("Duplicate id " + ids[i] + " at index " + i);
            }
        }
    }

    /**
     * Indexes ids in the given order: {@code ids[i]} gets index {@code i}.
     *
     * @param ids distinct ids
     * @return the index
     * @throws IllegalArgumentException when an id occurs twice
     */
    public static IdIndex of(long... ids) {
        return new IdIndex(ids.clone());
    }

    /**
     * Indexes the distinct values of {@code ids} in ascending order.
     *
     * @param ids ids, possibly repeated and unordered
     * @return the index (smallest id gets index 0)
     */
    public static IdIndex sortedDistinct(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[n++] = sorted[i];
            }
        }
        return new IdIndex(Arrays.copyOf(sorted, n));
    }

    /** @return the number of ids */
    public int size() {
        return ids.length;
    }

    /**
     * @param index a dense index, {@code 0 <= index < size()}
     * @return the external id
     */
    public long id(int index) {
        return ids[index];
    }

    /**
     * @param id an external id
     * @return its dense index, or {@code -1} when unknown
     */
    public int indexOf(long id) {
        return lookup.get(id);
    }

    /** @return the ids in index order (a copy) */
    public long[] ids() {
        return ids.clone();
    }

    @Override
    public String toString() {
        return "IdIndex[size=" + ids.length + "]";
    }
}
