package io.recsys.core.serving;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The provenance block of a response (the seeds' fields) plus the manifest hash, which is sent
 * as the {@code X-Model-Manifest} header.
 *
 * @param requestId request id
 * @param timestamp epoch milliseconds when the request started
 * @param modelName model type
 * @param modelVersion registry version that answered
 * @param gitSha pipeline commit
 * @param dataSnapshotId training data identifier
 * @param containerImageDigest serving image digest, or null
 * @param latencyMs time to answer in whole milliseconds, rounded (the seeds' integer field)
 * @param latencyUs time to answer in microseconds (the precise figure beside it)
 * @param manifestSha256 training manifest hash, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Provenance(
        String requestId,
        long timestamp,
        String modelName,
        String modelVersion,
        String gitSha,
        String dataSnapshotId,
        String containerImageDigest,
        long latencyMs,
        long latencyUs,
        @JsonIgnore String manifestSha256) {
}
