package io.recsys.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.recsys.core.PredictionRecord;

/**
 * The {@code provenance} block of a recommendation response (milestone report, section 6):
 * <pre>{@code
 * "provenance": {"request_id": "7c9e...", "timestamp": 1700419234567, "model_name": "als",
 *   "model_version": "v0.3", "git_sha": "2075...", "data_snapshot_id": "9c1d...",
 *   "container_image_digest": null, "latency_ms": 45, "manifest_sha256": "51ac..."}
 * }</pre>
 *
 * @param requestId the request id
 * @param timestamp epoch milliseconds
 * @param modelName model type
 * @param modelVersion registry version
 * @param gitSha pipeline commit
 * @param dataSnapshotId training data identifier
 * @param containerImageDigest serving image digest, or null
 * @param latencyMs latency in whole milliseconds
 * @param manifestSha256 training manifest hash, or null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"request_id", "timestamp", "model_name", "model_version", "git_sha", "data_snapshot_id",
        "container_image_digest", "latency_ms", "manifest_sha256"})
public record ProvenanceBlock(
        @JsonProperty("request_id") String requestId,
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("model_name") String modelName,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("git_sha") String gitSha,
        @JsonProperty("data_snapshot_id") String dataSnapshotId,
        @JsonProperty("container_image_digest") String containerImageDigest,
        @JsonProperty("latency_ms") long latencyMs,
        @JsonProperty("manifest_sha256") String manifestSha256) {

    /**
     * @param r one request's provenance
     * @return its response block
     */
    public static ProvenanceBlock of(PredictionRecord r) {
        String digest = r.imageDigest() == null || r.imageDigest().isEmpty() ? null : r.imageDigest();
        return new ProvenanceBlock(r.requestId(), r.timestamp(), r.modelName(), r.modelVersion(), r.gitSha(),
                r.dataSnapshotId(), digest, ProvenanceJson.latencyMs(r.latencyMs()), r.manifestSha256());
    }
}
