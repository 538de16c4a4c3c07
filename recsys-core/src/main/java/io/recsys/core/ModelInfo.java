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

    /**
     * A model identity without a registry entry behind it (tests, imported scorings).
     *
     * @param modelName the model type
     * @param version the version text, e.g. {@code v0.3}
     * @param gitSha the pipeline commit
     * @param dataSnapshotId the training data identifier
     * @param manifestSha256 the training manifest hash, or null
     * @return the identity
     * @throws InvalidVersionException when the version is not {@code vMAJOR.MINOR}
     */
    public static ModelInfo of(String modelName, String version, String gitSha, String dataSnapshotId,
                               String manifestSha256) {
        ModelVersion v = ModelVersion.parse(version);
        return new ModelInfo(modelName, v, new VersionMetadata(v.toString(), "", modelName, gitSha, dataSnapshotId, "",
                "", "", 0, java.util.Map.of(), manifestSha256));
    }

    /** @return the pipeline commit, or {@code unknown} */
    public String gitSha() {
        return metadata.gitSha();
    }

    /** @return the first 7 characters of the pipeline commit (the {@code X-Pipeline-Commit} header) */
    public String shortGitSha() {
        return shortSha(metadata.gitSha());
    }

    /**
     * @param sha a commit id, or any other text
     * @return its first 7 characters when it is a longer hex commit id, else the text unchanged
     */
    public static String shortSha(String sha) {
        return sha != null && sha.length() > 7 && isHex(sha) ? sha.substring(0, 7) : sha;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
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
