package io.recsys.core.factors;

import io.recsys.core.npy.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The factor-model artifact layout shared by every trainer, a directory NumPy can read:
 *
 * <pre>
 * user_factors.npy     float32 [users, factors], C order
 * item_factors.npy     float32 [items, factors], C order
 * user_ids.npy         int64 [users]
 * item_ids.npy         int64 [items]
 * seen_indptr.npy      int64 [users + 1]   users' seen items as CSR ... (optional)
 * seen_indices.npy     int32 [nnz]         ... item indices, ascending per user (optional)
 * item_popularity.npy  int64 [items]       interaction counts aligned with item_ids (optional)
 * meta.json            {"type", "format_version", "factors", "users", "items", "interactions", ...}
 * </pre>
 *
 * The {@code als} model loader reads it whichever engine wrote it.
 */
public final class FactorArtifacts {
    /** User factors file name. */
    public static final String USER_FACTORS = "user_factors.npy";
    /** Item factors file name. */
    public static final String ITEM_FACTORS = "item_factors.npy";
    /** User ids file name. */
    public static final String USER_IDS = "user_ids.npy";
    /** Item ids file name. */
    public static final String ITEM_IDS = "item_ids.npy";
    /** Seen-items row pointers file name. */
    public static final String SEEN_INDPTR = "seen_indptr.npy";
    /** Seen-items item indices file name. */
    public static final String SEEN_INDICES = "seen_indices.npy";
    /** Item popularity file name. */
    public static final String ITEM_POPULARITY = "item_popularity.npy";
    /** Metadata file name. */
    public static final String META = "meta.json";
    /** The layout's version, recorded as {@code meta.json}'s {@code format_version}. */
    public static final int FORMAT_VERSION = 1;

    private FactorArtifacts() {
    }

    /**
     * Writes the set's {@code .npy} files into {@code dir} (created if needed; existing files
     * replaced). {@code meta.json} is the caller's: start it from {@link #meta(String, FactorSet)}.
     *
     * @param dir target directory
     * @param set the factors and ids
     * @throws IOException when writing fails
     */
    public static void write(Path dir, FactorSet set) throws IOException {
        Objects.requireNonNull(set, "set");
        Files.createDirectories(dir);
        int f = set.factors();
        Npy.write(dir.resolve(USER_FACTORS), set.userFactors(), set.users(), f);
        Npy.write(dir.resolve(ITEM_FACTORS), set.itemFactors(), set.items(), f);
        Npy.write(dir.resolve(USER_IDS), set.userIds(), set.users());
        Npy.write(dir.resolve(ITEM_IDS), set.itemIds(), set.items());
        if (set.itemPopularity() != null) {
            Npy.write(dir.resolve(ITEM_POPULARITY), set.itemPopularity(), set.items());
        }
        if (set.seenIndptr() != null) {
            Npy.write(dir.resolve(SEEN_INDPTR), set.seenIndptr(), set.seenIndptr().length);
            Npy.write(dir.resolve(SEEN_INDICES), set.seenIndices(), set.seenIndices().length);
        }
    }

    /**
     * The {@code meta.json} fields every factor model has, in order; callers add
     * {@code hyperparameters}, {@code metrics} and the like before writing it.
     *
     * @param type the model name its loader reads ({@code als})
     * @param set the factors and ids
     * @return a mutable map: type, format_version, factors, users, items, interactions
     */
    public static Map<String, Object> meta(String type, FactorSet set) {
        var meta = new LinkedHashMap<String, Object>();
        meta.put("type", Objects.requireNonNull(type, "type"));
        meta.put("format_version", FORMAT_VERSION);
        meta.put("factors", set.factors());
        meta.put("users", set.users());
        meta.put("items", set.items());
        meta.put("interactions", set.interactions());
        return meta;
    }
}
