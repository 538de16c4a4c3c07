package io.recsys.core;

import java.util.List;

/**
 * A loaded, immutable model version that ranks items for a user.
 *
 * <p>Implementations are thread-safe and take no locks on the scoring path. They never return
 * null: a user the model does not know gets the most popular items.
 */
public interface Recommender extends AutoCloseable {

    /** @return the model's identity and lineage */
    ModelInfo info();

    /**
     * Ranks items for a user.
     *
     * @param userId the user id
     * @param k how many items to return, {@code >= 1}
     * @param exclusions items to leave out (by default the user's seen items)
     * @return at most {@code k} items, best first; never null
     * @throws InvalidRequestException when {@code k < 1}
     */
    List<ScoredItem> recommend(long userId, int k, Exclusions exclusions);

    /**
     * Ranks items for a user, leaving out the items they have seen.
     *
     * @param userId the user id
     * @param k how many items to return, {@code >= 1}
     * @return at most {@code k} items, best first; never null
     */
    default List<ScoredItem> recommend(long userId, int k) {
        return recommend(userId, k, Exclusions.seen());
    }

    /**
     * @param userId a user id
     * @return whether the model was trained with this user (unknown users get popular items)
     */
    boolean knowsUser(long userId);

    /** @return the number of items the model can recommend */
    int itemCount();

    /**
     * @return the training data's user activity and item popularity, when the model keeps them
     *     (used for drift monitoring); empty by default
     */
    default java.util.Optional<TrainingProfile> trainingProfile() {
        return java.util.Optional.empty();
    }

    /** Releases resources; the default does nothing. Calls to a closed model are undefined. */
    @Override
    default void close() {
    }
}
