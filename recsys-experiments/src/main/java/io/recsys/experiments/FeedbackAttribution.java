package io.recsys.experiments;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.recsys.core.event.UserEventType;

/**
 * Remembers which variant served each recent request id and each user's latest variant, so that
 * a later feedback event can be attributed. Both maps are Caffeine caches bounded by
 * {@code maxTrackedRequests} / {@code maxTrackedUsers}; request ids come from the network and
 * differ in length, so that cache is bounded by weight (1 per started 64 characters of the id)
 * rather than by count. Evictions are reported to the log's counters. Caffeine reads take no
 * lock; its maintenance runs on the calling thread so the bounds hold when a call returns.
 */
final class FeedbackAttribution {

    private final Cache<String, RequestAttribution> requests;
    private final Cache<Long, String> lastVariantOfUser;

    FeedbackAttribution(long maxTrackedRequests, long maxTrackedUsers, Runnable onRequestEvicted,
            Runnable onUserEvicted) {
        this.requests = Caffeine.newBuilder()
                .maximumWeight(maxTrackedRequests)
                .<String, RequestAttribution>weigher((id, value) -> 1 + (id.length() - 1) / 64)
                .executor(Runnable::run)
                .evictionListener((String id, RequestAttribution value, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        onRequestEvicted.run();
                    }
                })
                .build();
        this.lastVariantOfUser = Caffeine.newBuilder()
                .maximumSize(maxTrackedUsers)
                .executor(Runnable::run)
                .evictionListener((Long user, String variant, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        onUserEvicted.run();
                    }
                })
                .build();
    }

    /** Remembers a served request. */
    void served(String requestId, long userId, String variant) {
        if (requestId != null && !requestId.isEmpty()) {
            requests.put(requestId, new RequestAttribution(variant));
        }
        lastVariantOfUser.put(userId, variant);
    }

    /** @return the request's attribution state, or null when not remembered */
    RequestAttribution request(String requestId) {
        return requestId == null || requestId.isEmpty() ? null : requests.getIfPresent(requestId);
    }

    /** @return the user's latest variant, or null */
    String lastVariant(long userId) {
        return lastVariantOfUser.getIfPresent(userId);
    }

    long trackedRequests() {
        requests.cleanUp();
        return requests.estimatedSize();
    }

    long trackedUsers() {
        lastVariantOfUser.cleanUp();
        return lastVariantOfUser.estimatedSize();
    }

    /** Per-request attribution state: the serving variant and which feedback types were counted. */
    static final class RequestAttribution {
        final String variant;
        private int convertedMask;

        RequestAttribution(String variant) {
            this.variant = variant;
        }

        /** @return false when this request already had feedback of that type */
        synchronized boolean markConverted(UserEventType type) {
            int bit = 1 << type.ordinal();
            if ((convertedMask & bit) != 0) {
                return false;
            }
            convertedMask |= bit;
            return true;
        }
    }
}
