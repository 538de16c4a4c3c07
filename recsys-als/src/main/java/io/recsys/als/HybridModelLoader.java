package io.recsys.als;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.npy.NpyArray;
import io.recsys.core.npy.NpyDtype;
import io.recsys.core.InvalidArtifactException;
import io.recsys.core.ModelInfo;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.Recommender;
import io.recsys.core.spi.ModelLoader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link ModelLoader} for {@code model_name = "als-seq"}: reads the directory written by
 * {@link HybridArtifacts} (the ALS files as {@link AlsModelLoader} reads them, the sequence tables
 * and the blend parameters from {@code meta.json}). Every file is required; missing, truncated or
 * inconsistent files raise {@link InvalidArtifactException} naming the file.
 */
public final class HybridModelLoader implements ModelLoader {
    /** The model name this loader reads. */
    public static final String MODEL_NAME = "als-seq";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String modelName() {
        return MODEL_NAME;
    }

    @Override
    public Recommender load(RegisteredVersion version) throws IOException {
        return load(version.artifactDir(), version.info());
    }

    /**
     * Loads an artifact directory outside any registry.
     *
     * @param dir the directory
     * @param info the identity the recommender reports
     * @return the recommender
     * @throws IOException when a file cannot be read
     * @throws InvalidArtifactException when a file is missing, truncated or inconsistent
     */
    public static HybridRecommender load(Path dir, ModelInfo info) throws IOException {
        AlsRecommender als = AlsModelLoader.load(dir, info, MODEL_NAME);
        SequenceHyperparameters hp = hyperparameters(dir.resolve(AlsArtifacts.META));
        int[] tPtr = pointers(dir, HybridArtifacts.TRANSITIONS_INDPTR, als.itemCount());
        int[] tItems = AlsModelLoader.toInts(AlsModelLoader.vector(dir, HybridArtifacts.TRANSITIONS_ITEMS),
                HybridArtifacts.TRANSITIONS_ITEMS);
        float[] tWeights = weights(dir, tItems.length);
        int[] rPtr = pointers(dir, HybridArtifacts.RECENT_INDPTR, als.userCount());
        int[] rItems = AlsModelLoader.toInts(AlsModelLoader.vector(dir, HybridArtifacts.RECENT_ITEMS),
                HybridArtifacts.RECENT_ITEMS);
        if (tPtr[tPtr.length - 1] != tItems.length) {
            throw new InvalidArtifactException(HybridArtifacts.TRANSITIONS_INDPTR + " ends at " + tPtr[tPtr.length - 1]
                    + " but " + HybridArtifacts.TRANSITIONS_ITEMS + " has " + tItems.length + " entries");
        }
        if (rPtr[rPtr.length - 1] != rItems.length) {
            throw new InvalidArtifactException(HybridArtifacts.RECENT_INDPTR + " ends at " + rPtr[rPtr.length - 1]
                    + " but " + HybridArtifacts.RECENT_ITEMS + " has " + rItems.length + " entries");
        }
        try {
            return new HybridRecommender(info, als, new SequenceTables(tPtr, tItems, tWeights, rPtr, rItems), hp);
        } catch (IllegalArgumentException e) {
            throw new InvalidArtifactException("sequence tables: " + e.getMessage(), e);
        }
    }

    private static int[] pointers(Path dir, String name, int rows) throws IOException {
        long[] p = AlsModelLoader.vector(dir, name).toLongArray();
        if (p.length != rows + 1L || p[0] != 0) {
            throw new InvalidArtifactException(name + " must have " + (rows + 1L) + " entries starting at 0");
        }
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            if ((i > 0 && p[i] < p[i - 1]) || p[i] > Integer.MAX_VALUE) {
                throw new InvalidArtifactException(name + " decreases or overflows at entry " + i);
            }
            out[i] = (int) p[i];
        }
        return out;
    }

    private static float[] weights(Path dir, int expected) throws IOException {
        String name = HybridArtifacts.TRANSITIONS_WEIGHTS;
        NpyArray a = AlsModelLoader.require(dir, name);
        if (a.ndim() != 1 || a.dtype() != NpyDtype.FLOAT32 || a.rows() != expected) {
            throw new InvalidArtifactException(name + ": expected float32 [" + expected + "]");
        }
        float[] w = a.toFloatArray();
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] >= 0) || Float.isInfinite(w[i])) {
                throw new InvalidArtifactException(name + " entry " + i + " is not a finite weight >= 0");
            }
        }
        return w;
    }

    private static SequenceHyperparameters hyperparameters(Path meta) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(meta.toFile());
        } catch (IOException e) {
            throw new InvalidArtifactException(AlsArtifacts.META + ": required for als-seq and readable as JSON", e);
        }
        JsonNode s = node == null ? null : node.get("sequence");
        if (s == null || !s.isObject()) {
            throw new InvalidArtifactException(AlsArtifacts.META + ": the 'sequence' object is missing");
        }
        try {
            return SequenceHyperparameters.builder()
                    .window(s.path("window").asInt(0))
                    .successors(s.path("successors").asInt(0))
                    .recentItems(s.path("recent_items").asInt(0))
                    .recentDecay(s.path("recent_decay").asDouble(Double.NaN))
                    .blend(s.path("blend").asDouble(Double.NaN))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new InvalidArtifactException(AlsArtifacts.META + ": sequence: " + e.getMessage(), e);
        }
    }
}
