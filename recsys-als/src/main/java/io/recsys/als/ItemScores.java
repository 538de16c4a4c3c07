package io.recsys.als;

/**
 * A model that can score every item for a user at once, in its item index order; used by
 * evaluation to rank the held-out item against all others (for example with ties counted against
 * it), which a top-K list alone cannot do.
 */
public interface ItemScores {

    /** @return the number of items scored, in the model's item index order */
    int itemCount();

    /**
     * @param itemId an item id
     * @return its index in the score array, or -1 when the model does not know it
     */
    int itemIndex(long itemId);

    /**
     * Scores every item for a user.
     *
     * @param userId the user id
     * @param out receives one score per item, {@code out.length >= itemCount()}
     * @return false (and {@code out} untouched) when the model does not know the user
     */
    boolean scoreAll(long userId, float[] out);
}
