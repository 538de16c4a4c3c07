package io.recsys.core;

import java.util.Arrays;

/**
 * What a recommendation must leave out: the user's already-seen items (on by default) and any
 * explicitly listed items. Immutable and thread-safe.
 */
public final class Exclusions {
    private static final long[] NONE = new long[0];
    private static final Exclusions SEEN = new Exclusions(true, NONE);
    private static final Exclusions NOTHING = new Exclusions(false, NONE);

    private final boolean excludeSeen;
    private final long[] sortedItems;

    private Exclusions(boolean excludeSeen, long[] sortedItems) {
        this.excludeSeen = excludeSeen;
        this.sortedItems = sortedItems;
    }

    /** @return exclude the items the user has already interacted with (the default) */
    public static Exclusions seen() {
        return SEEN;
    }

    /** @return exclude nothing */
    public static Exclusions none() {
        return NOTHING;
    }

    /**
     * @param excludeSeen whether to leave out the user's seen items
     * @param items further item ids to leave out
     * @return the exclusions
     */
    public static Exclusions of(boolean excludeSeen, long... items) {
        if (items.length == 0) {
            return excludeSeen ? SEEN : NOTHING;
        }
        long[] sorted = items.clone();
        Arrays.sort(sorted);
        return new Exclusions(excludeSeen, sorted);
    }

    /** @return whether the user's seen items are left out */
    public boolean excludeSeen() {
        return excludeSeen;
    }

    /** @return whether any item is listed explicitly */
    public boolean hasItems() {
        return sortedItems.length > 0;
    }

    /**
     * @param itemId an item id
     * @return whether it is explicitly excluded
     */
    public boolean excludesItem(long itemId) {
        return sortedItems.length > 0 && Arrays.binarySearch(sortedItems, itemId) >= 0;
    }

    /** @param action called with each explicitly excluded item id, in ascending order */
    public void forEachItem(java.util.function.LongConsumer action) {
        for (long id : sortedItems) {
            action.accept(id);
        }
    }

    /** @return the number of explicitly excluded items */
    public int itemCount() {
        return sortedItems.length;
    }

    @Override
    public String toString() {
        return "Exclusions[seen=" + excludeSeen + ", items=" + Arrays.toString(sortedItems) + "]";
    }
}
