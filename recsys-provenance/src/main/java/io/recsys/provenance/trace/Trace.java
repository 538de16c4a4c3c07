package io.recsys.provenance.trace;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.recsys.provenance.sink.ProvenanceJson;
import io.recsys.provenance.sink.OutcomeStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.recsys.core.PredictionRecord;
import java.util.List;

/**
 * One stored request trace, as {@code GET /trace/{request_id}} shows it: the seed's fields (in its
 * order) plus {@code items}, {@code bucket}, {@code manifest_sha256} and {@code error_type}.
 *
 * @param requestId request id
 * @param timestamp epoch milliseconds of the request
 * @param modelName model type
 * @param modelVersion registry version
 * @param gitSha pipeline commit
 * @param dataSnapshotId training data identifier
 * @param containerImageDigest serving image digest, or null
 * @param latencyMs latency in whole milliseconds
 * @param userId user id
 * @param k items asked for
 * @param numItems items returned
 * @param status HTTP-style status
 * @param variant rollout variant, or null
 * @param path request path template
 * @param method request method
 * @param storedAt when the trace was stored, ISO-8601 UTC with milliseconds (e.g. {@code 2023-11-19T18:40:34.612Z})
 * @param items the returned item ids
 * @param bucket the user's rollout bucket
 * @param manifestSha256 training manifest hash, or null
 * @param errorType error type for a failed request, or null
 * @param vectorSource {@code model} or {@code fold_in}: where the user's vector came from; left out
 *     of the JSON when the record does not say
 * @param eventsSinceModel with {@code fold_in}, the live events folded in since the model; left
 *     out of the JSON otherwise
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"request_id", "timestamp", "model_name", "model_version", "git_sha", "data_snapshot_id",
        "container_image_digest", "latency_ms", "user_id", "k", "num_items", "status", "variant", "path", "method",
        "stored_at", "items", "bucket", "manifest_sha256", "error_type", "vector_source", "events_since_model"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Trace(
        String requestId,
        long timestamp,
        String modelName,
        String modelVersion,
        String gitSha,
        String dataSnapshotId,
        String containerImageDigest,
        long latencyMs,
        long userId,
        int k,
        int numItems,
        int status,
        String variant,
        String path,
        String method,
        String storedAt,
        List<Long> items,
        double bucket,
        String manifestSha256,
        String errorType,
        @JsonInclude(JsonInclude.Include.NON_NULL) String vectorSource,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer eventsSinceModel) {

    /** Copies the item list. */
    public Trace {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /**
     * @param r a prediction record
     * @param storedAtMillis when it is stored, epoch milliseconds
     * @return its trace
     */
    public static Trace of(PredictionRecord r, long storedAtMillis) {
        String digest = r.imageDigest() == null || r.imageDigest().isEmpty() ? null : r.imageDigest();
        return new Trace(r.requestId(), r.timestamp(), r.modelName(), r.modelVersion(), r.gitSha(), r.dataSnapshotId(),
                digest, ProvenanceJson.latencyMs(r.latencyMs()), r.userId(), r.k(), r.itemCount(),
                OutcomeStatus.of(r.outcome()), r.variant(), r.path(), r.method(), java.time.Instant.ofEpochMilli(storedAtMillis).toString(),
                java.util.Arrays.stream(r.items()).boxed().toList(), r.bucket(), r.manifestSha256(), r.errorType(),
                r.vectorSource(), r.foldedIn() ? Integer.valueOf(r.eventsSinceModel()) : null);
    }
}
