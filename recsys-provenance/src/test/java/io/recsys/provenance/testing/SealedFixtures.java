package io.recsys.provenance.testing;

import io.recsys.core.ModelRegistry;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.popularity.PopularityModelLoader;
import io.recsys.core.testing.Fixtures;
import io.recsys.provenance.manifest.GitInfo;
import io.recsys.provenance.manifest.ManifestWriter;
import io.recsys.provenance.manifest.ProvenanceExport;
import io.recsys.provenance.manifest.TrainingManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The core fixtures published the way a real pipeline publishes: with a sealed training manifest,
 * so the server's verifiers (which refuse versions without one) accept them.
 */
public final class SealedFixtures {
    private SealedFixtures() {
    }

    /**
     * As {@link Fixtures#publishPopularity}, with a training manifest.
     *
     * @param registry target registry
     * @param scratch scratch directory
     * @param itemBase first item id
     * @param items number of items
     * @param users number of users
     * @return the published version
     * @throws IOException when files cannot be written
     */
    public static RegisteredVersion publishPopularity(ModelRegistry registry, Path scratch, long itemBase, int items,
            int users) throws IOException {
        Path dir = Fixtures.writePopularity(Files.createTempDirectory(scratch, "pop"), itemBase, items, users);
        return publish(registry, scratch, dir, PopularityModelLoader.MODEL_NAME, "data-" + itemBase);
    }

    /**
     * Publishes any artifact directory with a sealed manifest naming it.
     *
     * @param registry target registry
     * @param scratch scratch directory (the manifest is written there)
     * @param dir the artifact files
     * @param modelName the model family (the loader that reads it)
     * @param dataVersion the data snapshot id the version records
     * @return the published version
     * @throws IOException when files cannot be written
     */
    public static RegisteredVersion publish(ModelRegistry registry, Path scratch, Path dir, String modelName,
            String dataVersion) throws IOException {
        TrainingManifest manifest = TrainingManifest.builder(modelName)
                .modelVersion(modelName + "-" + dataVersion)
                .git(new GitInfo(Fixtures.GIT_SHA, "main", "0"))
                .datasetPath("synthetic").datasetVersion(dataVersion)
                .artifactsFrom(dir).build();
        ManifestWriter.Written written = ManifestWriter.write(manifest, Files.createTempDirectory(scratch, "manifest"));
        return ProvenanceExport.publish(registry, dir, written.pointer());
    }
}
