package io.recsys.experiments;

import io.recsys.core.ModelInfo;
import io.recsys.core.Outcome;
import io.recsys.core.PredictionRecord;

/** Builds prediction records for tests. */
final class Records {
    private Records() {
    }

    static PredictionRecord served(String requestId, long timestamp, long userId, String variant,
            int status, double latencyMs) {
        return PredictionRecord.builder(requestId, ModelInfo.of("als", "v0.2", "abc123", "snap-1", null))
                .timestamp(timestamp).userId(userId).k(10).items(1L, 2L, 3L).variant(variant).bucket(0.5)
                .latencyNanos(Math.round(latencyMs * 1e6))
                .outcome(status >= 300 ? Outcome.MODEL_ERROR : Outcome.SERVED)
                .errorType(status >= 300 ? "error" : null).build();
    }

    static PredictionRecord shadow(String requestId, long timestamp, long userId, String variant) {
        return PredictionRecord.builder(requestId, ModelInfo.of("als", "v0.3", "abc123", "snap-1", null))
                .timestamp(timestamp).userId(userId).k(10).items(4L).variant(variant).bucket(0.5)
                .latencyNanos(5_000_000L).shadow(true).build();
    }
}
