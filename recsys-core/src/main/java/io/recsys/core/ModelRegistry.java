package io.recsys.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An immutable, versioned model store. Published versions never change; publication is atomic
 * (a reader sees a complete version or none) and {@code latest} moves atomically.
 */
public interface ModelRegistry {

    /** @return every complete version, oldest first; never a partially written one */
    List<ModelVersion> versions();

    /** @return the version {@code latest} points at, if any */
    Optional<ModelVersion> latest();

    /**
     * @param version a version
     * @return whether the registry holds it
     */
    default boolean contains(ModelVersion version) {
        return versions().contains(version);
    }

    /**
     * @param version a version
     * @return its metadata and location
     * @throws UnknownVersionException when the registry does not hold it
     * @throws RegistryException when its metadata cannot be read
     */
    RegisteredVersion get(ModelVersion version);

    /**
     * Publishes the files under {@code sourceDir} as the next version.
     *
     * @param sourceDir directory of model artifacts, copied recursively
     * @param request what to record
     * @return the new version
     * @throws RegistryException when the copy or commit fails; nothing is then visible
     */
    RegisteredVersion publish(Path sourceDir, PublishRequest request);

    /**
     * Points {@code latest} at a version.
     *
     * @param version an existing version
     * @throws UnknownVersionException when the registry does not hold it
     */
    void setLatest(ModelVersion version);
}
