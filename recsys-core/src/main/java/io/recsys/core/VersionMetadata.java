package io.recsys.core;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The registry's {@code vX.Y/meta.json}: the seed's fields plus {@code manifest_sha256}, which
 * links the version to the training manifest stored beside it (absent when there is none).
 * Unknown fields are ignored on read, so versions written by later releases still load.
 *
 * @param version the registry version, e.g. {@code v0.3}
 * @param createdAt ISO-8601 instant of publication
 * @param modelName the model type, which selects the {@code ModelLoader} (e.g. {@code als})
 * @param gitSha the commit of the pipeline that produced the model, or {@code unknown}
 * @param dataSnapshotId identifier of the training data (by default its SHA-256)
 * @param imageDigest container image digest of the exporter, may be empty
 * @param exportedBy who published it
 * @param artifactSha SHA-256 over the artifact directory (see {@code ArtifactDigest})
 * @param artifactSize total bytes of the artifact files
 * @param metrics offline evaluation metrics and similar numbers
 * @param manifestSha256 {@code manifest_sha256} of the manifest beside {@code meta.json}, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VersionMetadata(
        String version,
        String createdAt,
        String modelName,
        String gitSha,
        String dataSnapshotId,
        String imageDigest,
        String exportedBy,
        String artifactSha,
        long artifactSize,
        Map<String, Object> metrics,
        String manifestSha256) {

    /** Normalises absent text fields to empty strings and copies the metrics. */
    public VersionMetadata {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(modelName, "model_name");
        createdAt = Objects.requireNonNullElse(createdAt, "");
        gitSha = Objects.requireNonNullElse(gitSha, "unknown");
        dataSnapshotId = Objects.requireNonNullElse(dataSnapshotId, "unknown");
        imageDigest = Objects.requireNonNullElse(imageDigest, "");
        exportedBy = Objects.requireNonNullElse(exportedBy, "");
        artifactSha = Objects.requireNonNullElse(artifactSha, "");
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
