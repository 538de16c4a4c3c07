package io.recsys.core;

import java.util.List;
import java.util.Objects;

/**
 * The provenance of one answered (or failed) request, handed to every {@code ProvenanceSink}.
 *
 * @param requestId request id ({@code X-Request-ID})
 * @param timestamp epoch milliseconds when the request started
 * @param userId the user id
 * @param k how many items were asked for
 * @param items the returned item ids, best first (empty on failure)
 * @param variant the rollout variant
 * @param bucket the user's bucket in [0,1)
 * @param modelName model type
 * @param modelVersion registry version
 * @param gitSha pipeline commit
 * @param dataSnapshotId training data identifier
 * @param imageDigest serving container image digest, or null
 * @param manifestSha256 training manifest hash, or null
 * @param latencyMs time to answer, in milliseconds
 * @param status HTTP-style status code (200, 400, 500 ...)
 * @param path request path template, e.g. {@code /recommend/{user_id}}
 * @param method request method, e.g. {@code GET}
 * @param shadow whether this is a shadow scoring (not served to the user)
 * @param errorType the error's type when status is not 2xx, else null
 */
public record PredictionRecord(
        String requestId,
        long timestamp,
        long userId,
        int k,
        List<Long> items,
        String variant,
        double bucket,
        String modelName,
        String modelVersion,
        String gitSha,
        String dataSnapshotId,
        String imageDigest,
        String manifestSha256,
        double latencyMs,
        int status,
        String path,
        String method,
        boolean shadow,
        String errorType) {

    /** Validates required fields and copies the item list. */
    public PredictionRecord {
        Objects.requireNonNull(requestId, "requestId");
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** @return whether the request succeeded (2xx) */
    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
