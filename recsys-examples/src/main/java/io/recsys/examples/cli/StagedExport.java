package io.recsys.examples.cli;

import io.recsys.als.AnnArtifacts;
import io.recsys.als.AnnSettings;
import io.recsys.als.QuantizationScale;
import io.recsys.als.QuantizedItemFactors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code export --quantize int8} and {@code export --ann}: publishes a copy of the trained
 * directory with the 8-bit item factors and/or the HNSW index added, so the source directory is
 * never modified and the registry hashes (and signs) the extra files with the rest of the version.
 */
final class StagedExport {
    private StagedExport() {
    }

    /**
     * @param int8 whether to add {@value QuantizedItemFactors#FILE}
     * @param ann the index settings, or null for no index
     * @return a temporary copy of {@code source} holding the extra files too
     */
    static Path stage(Path source, boolean int8, AnnSettings ann) throws IOException {
        if (!Files.isRegularFile(source.resolve(io.recsys.als.AlsArtifacts.ITEM_FACTORS))) {
            throw new IllegalArgumentException("--quantize int8 and --ann need " + io.recsys.als.AlsArtifacts.ITEM_FACTORS
                    + " in the source directory");
        }
        Path meta = source.resolve(io.recsys.als.AlsArtifacts.META);
        if (Files.isRegularFile(meta)) {
            var type = new com.fasterxml.jackson.databind.ObjectMapper().readTree(meta.toFile()).get("type");
            if (type != null && !io.recsys.als.AlsModelLoader.MODEL_NAME.equals(type.asText())) {
                // the hybrid ranks by its blended score over every item, so 8-bit ALS levels would go unused
                throw new IllegalArgumentException("--quantize int8 and --ann apply to ALS artifacts; this one is '"
                        + type.asText() + "'");
            }
        }
        Path staged = Files.createTempDirectory("recsys-export-");
        try {
            List<Path> all;
            try (Stream<Path> s = Files.walk(source)) {
                all = s.toList();
            }
            for (Path p : all) {
                Path target = staged.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(p)) {
                    Files.copy(p, target);
                }
            }
            if (int8) {
                QuantizedItemFactors.write(staged, QuantizationScale.ITEM);
            }
            if (ann != null) {
                AnnArtifacts.write(staged, ann);
            }
            return staged;
        } catch (IOException | RuntimeException e) {
            delete(staged);
            throw e;
        }
    }

    /** Deletes a staged copy (best effort: a leftover temporary directory is not an error). */
    static void delete(Path staged) {
        try (Stream<Path> s = Files.walk(staged)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // leave it to the OS's temporary-file cleanup
        }
    }
}
