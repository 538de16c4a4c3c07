package io.recsys.als;

/**
 * How implicit ALS discounts old interactions: the confidence of an interaction becomes
 * {@code c = 1 + alpha * r * 0.5^(d / halfLife)}, where {@code d} is measured per user from the
 * user's most recent interaction (ties in time ordered by item id, so the order is total).
 */
public enum RecencyRule {
    /** No discount: {@code c = 1 + alpha * r}. */
    NONE,
    /** {@code d} = position from the user's end (0 for the latest interaction, 1 for the one before...). */
    POSITION,
    /** {@code d} = age in days before the user's latest interaction (timestamps in epoch seconds). */
    AGE_DAYS
}
