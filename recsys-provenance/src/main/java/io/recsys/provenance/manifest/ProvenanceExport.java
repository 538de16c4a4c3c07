package io.recsys.provenance.manifest;

import io.recsys.core.InvalidArtifactException;
import io.recsys.core.ModelRegistry;
import io.recsys.core.PublishRequest;
import io.recsys.core.RegisteredVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Publishes a trained artifact directory to a {@link ModelRegistry} together with its training
 * manifest, so that the registry version carries the manifest beside {@code meta.json}
 * ({@code vX.Y/manifest.json}) and {@code meta.json}'s {@code manifest_sha256} links the two.
 * The manifest's artifact paths are relative to the artifact directory, which the registry copies
 * to {@code vX.Y/<model_name>/}, so they verify unchanged after publication.
 */
public final class ProvenanceExport {

    private ProvenanceExport() {
    }

    /**
     * Publishes with the model name {@code model_family}, the pipeline commit as {@code git_sha}
     * and the dataset version as {@code data_snapshot_id}.
     *
     * @param registry the registry
     * @param artifactDir the trained artifacts
     * @param manifestFile their manifest (e.g. {@code model_manifest.json})
     * @return the new version
     * @throws InvalidArtifactException when the artifacts do not match the manifest (nothing is
     *     published)
     */
    public static RegisteredVersion publish(ModelRegistry registry, Path artifactDir, Path manifestFile) {
        return publish(registry, artifactDir, manifestFile, b -> { });
    }

    /**
     * As {@link #publish(ModelRegistry, Path, Path)}, letting the caller add to the request
     * (metrics, image digest, {@code makeLatest}, ...).
     *
     * @param registry the registry
     * @param artifactDir the trained artifacts
     * @param manifestFile their manifest
     * @param customize adjusts the publish request after the provenance fields are set
     * @return the new version
     * @throws InvalidArtifactException when the artifacts do not match the manifest (nothing is
     *     published) or the manifest cannot be read
     */
    public static RegisteredVersion publish(ModelRegistry registry, Path artifactDir, Path manifestFile,
            Consumer<PublishRequest.Builder> customize) {
        ManifestVerification check = ManifestVerification.verifyArtifacts(manifestFile, artifactDir);
        if (!check.ok()) {
            throw new InvalidArtifactException("Not publishing " + artifactDir + ": it does not match "
                    + manifestFile + ": " + String.join("; ", check.problems()));
        }
        TrainingManifest manifest;
        try {
            manifest = Manifests.read(manifestFile);
        } catch (IOException e) {
            throw new InvalidArtifactException("Cannot read manifest " + manifestFile + ": " + e.getMessage(), e);
        }
        PublishRequest.Builder b = PublishRequest.builder(manifest.modelFamily())
                .versionFile(ManifestVerification.VERSION_MANIFEST, manifestFile)
                .manifestSha256(check.manifestSha256())
                .gitSha(manifest.pipeline().gitCommit())
                .dataSnapshotId(manifest.data().datasetVersion());
        customize.accept(b);
        return registry.publish(artifactDir, b.build());
    }
}
