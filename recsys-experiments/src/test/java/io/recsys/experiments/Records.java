package io.recsys.experiments;

import io.recsys.core.PredictionRecord;
import java.util.List;

/** Builds prediction records for tests. */
final class Records {
    private Records() {
    }

    static PredictionRecord served(String requestId, long timestamp, long userId, String variant,
            int status, double latencyMs) {
        return new PredictionRecord(requestId, timestamp, userId, 10, List.of(1L, 2L, 3L), variant, 0.5,
                "als", "v0.2", "abc123", "snap-1", null, null, latencyMs, status,
                "/recommend/{user_id}", "GET", false, status >= 300 ? "error" : null);
    }

    static PredictionRecord shadow(String requestId, long timestamp, long userId, String variant) {
        return new PredictionRecord(requestId, timestamp, userId, 10, List.of(4L), variant, 0.5,
                "als", "v0.3", "abc123", "snap-1", null, null, 5.0, 200,
                "/recommend/{user_id}", "GET", true, null);
    }
}
