package io.recsys.core;

import io.recsys.core.signing.VersionSigner;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to record when publishing a model directory as a new registry version.
 *
 * @param modelName the model type, e.g. {@code als}; also the artifact sub-directory's name
 * @param major whether to start a new major version ({@code v(X+1).0}) instead of the next minor
 * @param gitSha pipeline commit, or null for {@code unknown}
 * @param dataSnapshotId training data identifier, or null for {@code unknown}
 * @param imageDigest container image digest, or null
 * @param exportedBy who publishes, or null for the current OS user
 * @param metrics evaluation metrics to record in {@code meta.json}
 * @param versionFiles extra files copied beside {@code meta.json}, by target file name
 *     (e.g. {@code manifest.json})
 * @param manifestSha256 hash of the training manifest among {@code versionFiles}, or null
 * @param makeLatest whether {@code latest.txt} should point at the new version
 * @param signer signs the new version's {@code meta.json}, or null to publish it unsigned
 */
public record PublishRequest(
        String modelName,
        boolean major,
        String gitSha,
        String dataSnapshotId,
        String imageDigest,
        String exportedBy,
        Map<String, Object> metrics,
        Map<String, Path> versionFiles,
        String manifestSha256,
        boolean makeLatest,
        VersionSigner signer) {

    /** Validates the model name and copies the maps. */
    public PublishRequest {
        Objects.requireNonNull(modelName, "modelName");
        if (!isValidModelName(modelName)) {
            throw new InvalidRequestException("Invalid model name '" + modelName
                    + "': use lower-case letters, digits, '-' and '_' (at most 64 characters)");
        }
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        versionFiles = versionFiles == null ? Map.of() : Map.copyOf(versionFiles);
        for (String name : versionFiles.keySet()) {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") || name.equals("meta.json")
                    || name.equals(VersionSigner.SIGNATURE_FILE) || name.equals(modelName)) {
                throw new InvalidRequestException("Invalid version file name '" + name + "'");
            }
        }
    }

    /**
     * @param modelName the model type, e.g. {@code als}
     * @return a builder with defaults: next minor version, made latest
     */
    public static Builder builder(String modelName) {
        return new Builder(modelName);
    }

    /**
     * Model names become directory names inside a version: lower-case letters, digits, {@code -}
     * and {@code _}, 1 to 64 characters, starting with a letter or digit.
     *
     * @param modelName a candidate name, possibly null
     * @return whether it is a valid model name
     */
    public static boolean isValidModelName(String modelName) {
        return modelName != null && modelName.matches("[a-z0-9][a-z0-9_-]{0,63}");
    }

    /** Builder of {@link PublishRequest}. */
    public static final class Builder {
        private final String modelName;
        private boolean major;
        private String gitSha;
        private String dataSnapshotId;
        private String imageDigest;
        private String exportedBy;
        private final Map<String, Object> metrics = new LinkedHashMap<>();
        private final Map<String, Path> versionFiles = new LinkedHashMap<>();
        private String manifestSha256;
        private boolean makeLatest = true;
        private VersionSigner signer;

        private Builder(String modelName) {
            this.modelName = modelName;
        }

        /** @param value start a new major version @return this */
        public Builder major(boolean value) {
            this.major = value;
            return this;
        }

        /** @param value pipeline commit @return this */
        public Builder gitSha(String value) {
            this.gitSha = value;
            return this;
        }

        /** @param value training data identifier @return this */
        public Builder dataSnapshotId(String value) {
            this.dataSnapshotId = value;
            return this;
        }

        /** @param value container image digest @return this */
        public Builder imageDigest(String value) {
            this.imageDigest = value;
            return this;
        }

        /** @param value who publishes @return this */
        public Builder exportedBy(String value) {
            this.exportedBy = value;
            return this;
        }

        /** @param name metric name @param value metric value @return this */
        public Builder metric(String name, Object value) {
            this.metrics.put(name, value);
            return this;
        }

        /** @param values metrics to add @return this */
        public Builder metrics(Map<String, ?> values) {
            this.metrics.putAll(values);
            return this;
        }

        /** @param name target file name beside meta.json @param source file to copy @return this */
        public Builder versionFile(String name, Path source) {
            this.versionFiles.put(name, source);
            return this;
        }

        /** @param value manifest hash @return this */
        public Builder manifestSha256(String value) {
            this.manifestSha256 = value;
            return this;
        }

        /** @param value whether latest.txt should point at the new version @return this */
        public Builder makeLatest(boolean value) {
            this.makeLatest = value;
            return this;
        }

        /** @param value signs the version's {@code meta.json} (null: unsigned) @return this */
        public Builder signer(VersionSigner value) {
            this.signer = value;
            return this;
        }

        /** @return the request */
        public PublishRequest build() {
            return new PublishRequest(modelName, major, gitSha, dataSnapshotId, imageDigest, exportedBy,
                    metrics, versionFiles, manifestSha256, makeLatest, signer);
        }
    }
}
