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
    private final Cache<Long, UserExposure> lastVariantOfUser;
    private final Cache<FeedbackKey, Boolean> recentFeedback;

    /** One feedback fact: a repeat of it within the dedup window is not counted. */
    private record FeedbackKey(long userId, long itemId, UserEventType type) {
    }

    FeedbackAttribution(long maxTrackedRequests, long maxTrackedUsers, java.time.Duration dedupWindow,
            java.time.Clock clock, Runnable onRequestEvicted, Runnable onUserEvicted) {
        this.recentFeedback = Caffeine.newBuilder()
                .maximumSize(maxTrackedRequests)
                .expireAfterWrite(dedupWindow)
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .build();
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
                .evictionListener((Long user, UserExposure variant, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        onUserEvicted.run();
                    }
                })
                .build();
    }

    /**
     * Remembers a served request. The first request with an id keeps it: a client that sends the
     * same {@code X-Request-ID} again neither takes the id over nor resets its duplicate detection.
     */
    void served(String requestId, long userId, String variant) {
        if (requestId != null && !requestId.isEmpty()) {
            requests.asMap().putIfAbsent(requestId, new RequestAttribution(variant, userId));
        }
        // The usual case, the same variant again, is a read and an increment; a cache write (and its
        // maintenance) only when the user is new or changes variant.
        UserExposure current = lastVariantOfUser.getIfPresent(userId);
        if (current != null && current.variant.equals(variant)) {
            current.exposed();
            return;
        }
        lastVariantOfUser.asMap().compute(userId, (u, old) -> (old == null || !old.variant.equals(variant)
                ? new UserExposure(variant) : old).exposed());
    }

    /** @return whether (user, item, type) was not seen within the dedup window (and remembers it now) */
    boolean firstWithinWindow(long userId, long itemId, UserEventType type) {
        return recentFeedback.asMap().putIfAbsent(new FeedbackKey(userId, itemId, type), Boolean.TRUE) == null;
    }

    /**
     * @return the request's attribution state when it was served to {@code userId}, or null (not
     *     remembered, or another user's request: feedback is never attributed across users)
     */
    RequestAttribution request(String requestId, long userId) {
        RequestAttribution ra = requestId == null || requestId.isEmpty() ? null : requests.getIfPresent(requestId);
        return ra != null && ra.userId == userId ? ra : null;
    }

    /** @return the user's latest variant and unclaimed exposures, or null */
    UserExposure user(long userId) {
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
        final long userId;
        private int convertedMask;

        RequestAttribution(String variant, long userId) {
            this.variant = variant;
            this.userId = userId;
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

    /**
     * A user's latest variant and, per feedback type, the requests served to the user in it that no
     * counted feedback of that type has claimed yet. Every counted feedback claims one, so a
     * variant's conversions of a type never exceed the requests it served to its users.
     */
    static final class UserExposure {
        final String variant;
        private final int[] unclaimed = new int[UserEventType.values().length];

        UserExposure(String variant) {
            this.variant = variant;
        }

        synchronized UserExposure exposed() {
            for (int t = 0; t < unclaimed.length; t++) {
                if (unclaimed[t] < Integer.MAX_VALUE) {
                    unclaimed[t]++;
                }
            }
            return this;
        }

        /** @return whether an exposure of {@code type} was left to claim (and claims it) */
        synchronized boolean claim(UserEventType type) {
            if (unclaimed[type.ordinal()] == 0) {
                return false;
            }
            unclaimed[type.ordinal()]--;
            return true;
        }
    }
}
