package io.recsys.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One version in a registry: its metadata and where its files are.
 *
 * @param version the version
 * @param metadata the contents of {@code meta.json}
 * @param versionDir the version's directory ({@code <registry>/vX.Y})
 * @param artifactDir the model's artifact directory ({@code <registry>/vX.Y/<model_name>})
 */
public record RegisteredVersion(ModelVersion version, VersionMetadata metadata, Path versionDir, Path artifactDir) {

    /** Validates that no component is null. */
    public RegisteredVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(versionDir, "versionDir");
        Objects.requireNonNull(artifactDir, "artifactDir");
    }

    /** @return the model identity this version loads as */
    public ModelInfo info() {
        return new ModelInfo(metadata.modelName(), version, metadata);
    }
}
