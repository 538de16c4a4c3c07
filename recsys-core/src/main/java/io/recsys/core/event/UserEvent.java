package io.recsys.core.event;

import java.util.Objects;

/**
 * Something a user did with an item, reported after (or independently of) a recommendation: the
 * one event type every event source (the HTTP {@code /feedback} route, a Kafka topic) hands to
 * {@link UserEventListener}s such as the experiment log or an online model updater.
 *
 * @param requestId the request that served the item ({@code X-Request-ID}), or null when unknown
 * @param userId the user
 * @param itemId the item the user acted on
 * @param type click, watch, rate or convert
 * @param value the event's strength: the rating for {@link UserEventType#RATE}, else 1
 * @param timestamp epoch milliseconds when it happened
 */
public record UserEvent(String requestId, long userId, long itemId, UserEventType type, double value,
        long timestamp) {

    /** Requires a type and a finite value. */
    public UserEvent {
        Objects.requireNonNull(type, "type");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("event value must be finite, got " + value);
        }
    }

    /**
     * An event of strength 1.
     *
     * @param requestId the serving request, or null
     * @param userId the user
     * @param itemId the item
     * @param type what the user did
     * @param timestamp epoch milliseconds
     * @return the event
     */
    public static UserEvent of(String requestId, long userId, long itemId, UserEventType type, long timestamp) {
        return new UserEvent(requestId, userId, itemId, type, 1.0, timestamp);
    }
}
