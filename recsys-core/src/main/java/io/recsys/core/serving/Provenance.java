package io.recsys.core.serving;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

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
 * @param latencyMs time to answer in milliseconds
 * @param manifestSha256 training manifest hash, or null
 */
public record Provenance(
        @JsonProperty("request_id") String requestId,
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("model_name") String modelName,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("git_sha") String gitSha,
        @JsonProperty("data_snapshot_id") String dataSnapshotId,
        @JsonProperty("container_image_digest") String containerImageDigest,
        @JsonProperty("latency_ms") double latencyMs,
        @JsonIgnore String manifestSha256) {
}
