package io.recsys.experiments;

import io.recsys.core.event.UserEventType;

/**
 * One user's outcomes in one variant and one time bucket. Small and fixed in size (see
 * {@link UserSampler#ENTRY_BYTES}); updates are synchronised on the instance (one user's
 * requests rarely contend).
 */
final class UserStats {
    private long requests;
    private long successes;
    private double latencySumMs;
    private long latencies;
    private final long[] feedback = new long[UserEventType.values().length];

    synchronized void request(boolean success, double latencyMs) {
        requests++;
        if (success) {
            successes++;
        }
        if (Double.isFinite(latencyMs) && latencyMs >= 0.0) {
            latencySumMs += latencyMs;
            latencies++;
        }
    }

    synchronized void feedback(UserEventType type) {
        feedback[type.ordinal()]++;
    }

    /** Adds this bucket's counts into {@code into} (requests, successes, latencies, feedback…). */
    synchronized void addTo(UserTotals into) {
        into.requests += requests;
        into.successes += successes;
        into.latencySumMs += latencySumMs;
        into.latencies += latencies;
        for (int i = 0; i < feedback.length; i++) {
            into.feedback[i] += feedback[i];
        }
    }

    synchronized long requests() {
        return requests;
    }

    /** Mutable per-user totals while merging buckets. */
    static final class UserTotals {
        long requests;
        long successes;
        double latencySumMs;
        long latencies;
        final long[] feedback = new long[UserEventType.values().length];
    }
}
