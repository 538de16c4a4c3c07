package io.recsys.kafka;

/**
 * One user-item interaction read from the event topic for training.
 *
 * @param userId the user
 * @param itemId the item
 * @param value the event's strength (the rating for {@code rate} events, else 1)
 * @param timestamp epoch milliseconds
 */
public record Interaction(long userId, long itemId, double value, long timestamp) {
}
