package io.recsys.core;

/**
 * The distributions of the data a model was trained on, which live traffic is compared with to
 * detect drift: how active each training user was and how popular each item was.
 */
public interface TrainingProfile {

    /** @return each training user's number of interactions (one entry per user) */
    long[] userActivity();

    /** @return each item's number of training interactions (one entry per item) */
    long[] itemPopularity();

    /**
     * @param userId a user id
     * @return the user's number of training interactions, or {@code NaN} for a user the model does not know
     */
    double userActivity(long userId);

    /**
     * @param itemId an item id
     * @return the item's number of training interactions, or {@code NaN} for an unknown item
     */
    double itemPopularity(long itemId);
}
