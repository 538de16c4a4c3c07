package io.recsys.als;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.als.data.IdIndex;
import io.recsys.core.npy.Npy;
import io.recsys.core.npy.NpyArray;
import io.recsys.core.npy.NpyDtype;
import io.recsys.core.InvalidArtifactException;
import io.recsys.core.ModelInfo;
import io.recsys.core.Recommender;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.spi.ModelLoader;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link ModelLoader} for {@code model_name = "als"}: reads the directory written by
 * {@link AlsArtifacts}. The factor files are memory-mapped read-only; the user factors and seen
 * items are served straight from the mapping (one row per request), while the item factors are
 * copied once into the blocked layout the scorer scans fastest (all of them are read on every
 * request; see {@code docs/benchmarks.md}). float64 factors are converted to float32.
 *
 * <p>Only {@code user_factors.npy}, {@code item_factors.npy}, {@code user_ids.npy} and
 * {@code item_ids.npy} are required, so factors trained elsewhere load too; without
 * {@code seen_*.npy} nothing is filtered as seen, without {@code item_popularity.npy} unknown users
 * get items in id order. Missing, truncated or inconsistent files raise
 * {@link InvalidArtifactException} naming the file.
 */
public final class AlsModelLoader implements ModelLoader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AlsModelLoader.class);
    /** The model name this loader reads. */
    public static final String MODEL_NAME = "als";

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
    public static AlsRecommender load(Path dir, ModelInfo info) throws IOException {
        return load(dir, info, MODEL_NAME);
    }

    /** Loads the ALS files of a directory whose {@code meta.json} (when present) names {@code type}. */
    static AlsRecommender load(Path dir, ModelInfo info, String type) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InvalidArtifactException("ALS artifact directory missing: " + dir);
        }
        JsonNode meta = checkMeta(dir.resolve(AlsArtifacts.META), type);
        NpyArray uf = matrix(dir, AlsArtifacts.USER_FACTORS);
        NpyArray itf = matrix(dir, AlsArtifacts.ITEM_FACTORS);
        if (uf.cols() != itf.cols()) {
            throw new InvalidArtifactException(AlsArtifacts.USER_FACTORS + " has " + uf.cols() + " factors but "
                    + AlsArtifacts.ITEM_FACTORS + " has " + itf.cols());
        }
        int f = (int) uf.cols();
        IdIndex users = ids(dir, AlsArtifacts.USER_IDS, uf.rows(), AlsArtifacts.USER_FACTORS);
        IdIndex items = ids(dir, AlsArtifacts.ITEM_IDS, itf.rows(), AlsArtifacts.ITEM_FACTORS);
        LongBuffer seenPtr = null;
        IntBuffer seenIdx = null;
        Path ptrFile = dir.resolve(AlsArtifacts.SEEN_INDPTR);
        Path idxFile = dir.resolve(AlsArtifacts.SEEN_INDICES);
        if (Files.exists(ptrFile) || Files.exists(idxFile)) {
            NpyArray ptr = vector(dir, AlsArtifacts.SEEN_INDPTR);
            NpyArray idx = vector(dir, AlsArtifacts.SEEN_INDICES);
            seenPtr = ptr.dtype() == NpyDtype.INT64 ? ptr.longView() : LongBuffer.wrap(ptr.toLongArray());
            seenIdx = idx.dtype() == NpyDtype.INT32 ? idx.intView() : IntBuffer.wrap(toInts(idx, AlsArtifacts.SEEN_INDICES));
            validateSeen(seenPtr, seenIdx, users.size(), items.size());
        }
        long[] popularity = new long[items.size()];
        Path popFile = dir.resolve(AlsArtifacts.ITEM_POPULARITY);
        if (Files.exists(popFile)) {
            NpyArray pop = vector(dir, AlsArtifacts.ITEM_POPULARITY);
            if (pop.rows() != items.size()) {
                throw new InvalidArtifactException(AlsArtifacts.ITEM_POPULARITY + " has " + pop.rows()
                        + " entries but there are " + items.size() + " items");
            }
            popularity = integers(pop, AlsArtifacts.ITEM_POPULARITY);
        }
        float[] seenWeights = seenIdx == null ? null : seenWeights(dir, seenIdx.limit());
        FloatBuffer itemFactors = floats(itf);
        TopKSearch search = null;
        Path int8 = dir.resolve(QuantizedItemFactors.FILE);
        if (Files.exists(int8)) {
            search = new QuantizedScorer(QuantizedItemFactors.read(int8, itemFactors, items.size(), f), itemFactors);
        }
        Path ann = dir.resolve(AnnSettings.FILE);
        if (Files.exists(ann)) {
            AnnSettings settings = AnnSettings.read(ann);
            if (items.size() >= settings.minItems()) {
                search = AnnIndex.load(dir.resolve(AnnSettings.DIR), itemFactors, items.size(), f, settings);
            }
        }
        FloatBuffer userFactors = floats(uf);
        if (search == null && MODEL_NAME.equals(type) && (long) items.size() * f <= Integer.MAX_VALUE - 8) {
            // exact like the plain scan; kept only when the model's own users show that it pays (the
            // row-major copy is only read while the scan is built; the recommender shares its tiles)
            float[] rowMajor = new float[items.size() * f];
            itemFactors.get(0, rowMajor, 0, rowMajor.length);
            search = BoundedScan.ifItPays(rowMajor, items.size(), f, userFactors, users.size());
        }
        LOG.info("{} ({}, {} items x {} factors): top K by {}", info.version(), type, items.size(), f,
                search == null ? "the plain scan" : search.description());
        return new AlsRecommender(info, users, items, f, userFactors, itemFactors, seenPtr, seenIdx, popularity,
                seenWeights, FoldInMeta.settings(meta), search);
    }

    /** The optional trained weights of the seen entries: float32, one per entry, finite and >= 0. */
    private static float[] seenWeights(Path dir, int entries) throws IOException {
        if (!Files.exists(dir.resolve(AlsArtifacts.SEEN_WEIGHTS))) {
            return null;
        }
        NpyArray a = require(dir, AlsArtifacts.SEEN_WEIGHTS);
        if (a.ndim() != 1 || a.dtype() != NpyDtype.FLOAT32 || a.rows() != entries) {
            throw new InvalidArtifactException(AlsArtifacts.SEEN_WEIGHTS + ": expected float32 [" + entries + "]");
        }
        float[] w = a.toFloatArray();
        for (int p = 0; p < w.length; p++) {
            if (!(w[p] >= 0) || Float.isInfinite(w[p])) {
                throw new InvalidArtifactException(AlsArtifacts.SEEN_WEIGHTS + " entry " + p + " is not a finite weight >= 0");
            }
        }
        return w;
    }

    private static JsonNode checkMeta(Path meta, String expectedType) throws IOException {
        if (!Files.exists(meta)) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(meta.toFile());
        } catch (IOException e) {
            throw new InvalidArtifactException(AlsArtifacts.META + ": not valid JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidArtifactException(AlsArtifacts.META + ": expected a JSON object");
        }
        JsonNode type = node.get("type");
        if (type != null && !expectedType.equals(type.asText())) {
            throw new InvalidArtifactException(AlsArtifacts.META + ": type is '" + type.asText() + "', expected '"
                    + expectedType + "'");
        }
        return node;
    }

    static NpyArray require(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new InvalidArtifactException(name + ": required ALS artifact file missing in " + dir);
        }
        // read into memory, not mapped: a file edited or truncated after verification must not change
        // (or crash) what is served
        return Npy.read(file);
    }

    private static NpyArray matrix(Path dir, String name) throws IOException {
        NpyArray a = require(dir, name);
        if (a.ndim() != 2 || a.cols() < 1) {
            throw new InvalidArtifactException(name + ": expected a 2-D [n, factors] array, found shape "
                    + java.util.Arrays.toString(a.shape()));
        }
        if (a.dtype() != NpyDtype.FLOAT32 && a.dtype() != NpyDtype.FLOAT64) {
            throw new InvalidArtifactException(name + ": expected float32 or float64, found " + a.dtype().descr());
        }
        if (a.size() > Integer.MAX_VALUE - 8) {
            throw new InvalidArtifactException(name + ": " + a.size() + " values exceed one Java array");
        }
        return a;
    }

    static NpyArray vector(Path dir, String name) throws IOException {
        NpyArray a = require(dir, name);
        if (a.ndim() != 1) {
            throw new InvalidArtifactException(name + ": expected a 1-D array, found shape " + java.util.Arrays.toString(a.shape()));
        }
        if (a.dtype() != NpyDtype.INT32 && a.dtype() != NpyDtype.INT64) {
            throw new InvalidArtifactException(name + ": expected int32 or int64, found " + a.dtype().descr());
        }
        return a;
    }

    private static IdIndex ids(Path dir, String name, long rows, String factorsName) throws IOException {
        NpyArray a = vector(dir, name);
        if (a.rows() != rows) {
            throw new InvalidArtifactException(name + " has " + a.rows() + " ids but " + factorsName + " has " + rows + " rows");
        }
        try {
            return IdIndex.of(integers(a, name));
        } catch (IllegalArgumentException e) {
            throw new InvalidArtifactException(name + ": " + e.getMessage(), e);
        }
    }

    private static long[] integers(NpyArray a, String name) {
        try {
            return a.toLongArray();
        } catch (IllegalStateException e) {
            throw new InvalidArtifactException(name + ": " + e.getMessage(), e);
        }
    }

    static int[] toInts(NpyArray a, String name) {
        try {
            return a.toIntArray();
        } catch (IllegalStateException e) {
            throw new InvalidArtifactException(name + ": " + e.getMessage(), e);
        }
    }

    private static FloatBuffer floats(NpyArray a) {
        return a.dtype() == NpyDtype.FLOAT32 ? a.floatView() : FloatBuffer.wrap(a.toFloatArray());
    }

    private static void validateSeen(LongBuffer ptr, IntBuffer idx, int users, int items) {
        if (ptr.limit() != users + 1L) {
            throw new InvalidArtifactException(AlsArtifacts.SEEN_INDPTR + " has " + ptr.limit() + " entries, expected users + 1 = "
                    + (users + 1L));
        }
        if (ptr.get(0) != 0 || ptr.get(users) != idx.limit()) {
            throw new InvalidArtifactException(AlsArtifacts.SEEN_INDPTR + " must run from 0 to the length of "
                    + AlsArtifacts.SEEN_INDICES + " (" + idx.limit() + ")");
        }
        for (int u = 0; u < users; u++) {
            if (ptr.get(u) > ptr.get(u + 1)) {
                throw new InvalidArtifactException(AlsArtifacts.SEEN_INDPTR + " decreases at user index " + u);
            }
        }
        for (int p = 0; p < idx.limit(); p++) {
            int i = idx.get(p);
            if (i < 0 || i >= items) {
                throw new InvalidArtifactException(AlsArtifacts.SEEN_INDICES + " entry " + p + " = " + i
                        + " is not an item index in [0, " + items + ")");
            }
        }
    }
}
