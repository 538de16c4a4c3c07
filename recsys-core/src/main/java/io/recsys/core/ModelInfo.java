package io.recsys.core;

import java.util.Objects;

/**
 * Identity and lineage of a loaded model version: what it is and what produced it.
 *
 * @param modelName the model type, e.g. {@code als} or {@code popularity}
 * @param version the registry version
 * @param metadata the registry metadata of that version
 */
public record ModelInfo(String modelName, ModelVersion version, VersionMetadata metadata) {

    /** Validates that no component is null. */
    public ModelInfo {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(metadata, "metadata");
    }

    /** @return the pipeline commit, or {@code unknown} */
    public String gitSha() {
        return metadata.gitSha();
    }

    /** @return the first 7 characters of the pipeline commit (the {@code X-Pipeline-Commit} header) */
    public String shortGitSha() {
        String sha = metadata.gitSha();
        return sha.length() > 7 && sha.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? sha.substring(0, 7) : sha;
    }

    /** @return the training data identifier */
    public String dataSnapshotId() {
        return metadata.dataSnapshotId();
    }

    /** @return the training manifest hash, or null when the version has no manifest */
    public String manifestSha256() {
        return metadata.manifestSha256();
    }
}
