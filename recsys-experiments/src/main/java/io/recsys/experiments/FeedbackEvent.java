package io.recsys.experiments;

import java.util.Objects;

/**
 * A user's reaction to a recommendation, reported after the request was served.
 *
 * @param requestId the request that served the item ({@code X-Request-ID}), or null when unknown
 * @param userId the user
 * @param itemId the item the user reacted to
 * @param type click, watch or convert
 * @param timestamp epoch milliseconds when it happened
 */
public record FeedbackEvent(String requestId, long userId, long itemId, FeedbackType type,
        long timestamp) {

    /** Requires a type. */
    public FeedbackEvent {
        Objects.requireNonNull(type, "type");
    }
}
