package io.recsys.als;

import io.recsys.core.InvalidArtifactException;
import io.recsys.core.ModelInfo;
import io.recsys.core.npy.NpyArray;
import io.recsys.core.npy.NpyDtype;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Builds the optional HNSW index of an ALS version (directory {@value AnnSettings#DIR} and
 * {@value AnnSettings#FILE}, written by {@code recsys export --ann}). When a version holds it and
 * its catalogue has at least {@link AnnSettings#minItems()} items, {@link AlsModelLoader} answers
 * top-K requests from the graph: {@link AnnSettings#breadth()} candidates, seen and excluded items
 * filtered inside the search (exact), the candidates re-scored exactly in fp32. Recall is
 * approximate (see {@code docs/benchmarks.md}); below the threshold the exact scan answers.
 */
public final class AnnArtifacts {
    private AnnArtifacts() {
    }

    /**
     * Builds the index for the {@code item_factors.npy} of an ALS artifact directory.
     *
     * @param dir the artifact directory (gains {@value AnnSettings#DIR}/ and {@value AnnSettings#FILE})
     * @param settings the graph and search settings
     * @throws IOException when reading or writing fails
     * @throws InvalidArtifactException when the factors are missing, malformed or not finite, or an index exists
     */
    public static void write(Path dir, AnnSettings settings) throws IOException {
        Objects.requireNonNull(settings, "settings");
        NpyArray a = AlsModelLoader.require(dir, AlsArtifacts.ITEM_FACTORS);
        if (a.ndim() != 2 || a.cols() < 1 || (a.dtype() != NpyDtype.FLOAT32 && a.dtype() != NpyDtype.FLOAT64)
                || a.size() > Integer.MAX_VALUE - 8) {
            throw new InvalidArtifactException(AlsArtifacts.ITEM_FACTORS + ": expected a float [items, factors] array");
        }
        float[] rows = a.toFloatArray();
        for (int p = 0; p < rows.length; p++) {
            if (!Float.isFinite(rows[p])) {
                throw new InvalidArtifactException(AlsArtifacts.ITEM_FACTORS + ": value " + p + " is not finite");
            }
        }
        Path index = dir.resolve(AnnSettings.DIR);
        if (Files.exists(index)) {
            throw new InvalidArtifactException(AnnSettings.DIR + " already exists in the artifact directory");
        }
        AnnIndex.build(index, rows, (int) a.rows(), (int) a.cols(), settings);
        settings.write(dir.resolve(AnnSettings.FILE));
    }

    /**
     * A recommender for an in-memory model that answers from an HNSW index built into
     * {@code workDir} (for tests and benchmarks; a registry version gets the same from its files).
     * The exact scan answers instead when the catalogue is below {@link AnnSettings#minItems()}.
     *
     * @param model the model
     * @param info the identity the recommender reports
     * @param settings graph and search settings
     * @param workDir an empty or missing directory for the index files
     * @return the recommender
     * @throws IOException when the index cannot be written or read
     */
    public static AlsRecommender recommender(AlsModel model, ModelInfo info, AnnSettings settings, Path workDir)
            throws IOException {
        int items = model.items().size();
        if (items < settings.minItems()) {
            return model.toRecommender(info);
        }
        AnnIndex.build(workDir, model.itemFactorsArray(), items, model.factors(), settings);
        return open(model, info, settings, workDir);
    }

    /**
     * Like {@link #recommender}, but reads an index already built into {@code indexDir} (for
     * trying several search breadths on one graph).
     *
     * @param model the model the index was built for
     * @param info the identity the recommender reports
     * @param settings the search settings (the graph settings are the built ones)
     * @param indexDir the index directory
     * @return the recommender
     * @throws IOException when the index cannot be read
     */
    public static AlsRecommender open(AlsModel model, ModelInfo info, AnnSettings settings, Path indexDir)
            throws IOException {
        float[] rows = model.itemFactorsArray();
        return model.toRecommender(info, AnnIndex.load(indexDir, FloatBuffer.wrap(rows), model.items().size(),
                model.factors(), settings));
    }
}
