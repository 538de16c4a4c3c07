package io.recsys.als;

import io.recsys.core.npy.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link HybridModel} as a version directory: every ALS file of {@link AlsArtifacts}, plus
 *
 * <pre>
 * transitions_indptr.npy   int64 [items + 1]   next-item table rows ...
 * transitions_items.npy    int32 [nnz]         ... successor item indices, best first
 * transitions_weights.npy  float32 [nnz]       ... their row-normalised weights
 * recent_indptr.npy        int64 [users + 1]   each user's recent items ...
 * recent_items.npy         int32 [n]           ... item indices, oldest first
 * meta.json                {"type": "als-seq", ..., "sequence": {window, successors, ...}}
 * </pre>
 *
 * All files live in the version directory, so the registry's artifact hash and the training
 * manifest cover them like the factors.
 */
public final class HybridArtifacts {
    /** Next-item table row pointers. */
    public static final String TRANSITIONS_INDPTR = "transitions_indptr.npy";
    /** Next-item table successor indices. */
    public static final String TRANSITIONS_ITEMS = "transitions_items.npy";
    /** Next-item table weights. */
    public static final String TRANSITIONS_WEIGHTS = "transitions_weights.npy";
    /** Recent items row pointers. */
    public static final String RECENT_INDPTR = "recent_indptr.npy";
    /** Recent item indices. */
    public static final String RECENT_ITEMS = "recent_items.npy";

    private HybridArtifacts() {
    }

    /**
     * @param dir target directory (created if needed; existing files replaced)
     * @param model the hybrid
     * @param metrics offline metrics for {@code meta.json}
     * @param extraMeta further {@code meta.json} entries (for example the tuning record)
     * @throws IOException when writing fails
     */
    public static void write(Path dir, HybridModel model, Map<String, ?> metrics, Map<String, ?> extraMeta)
            throws IOException {
        Objects.requireNonNull(model, "model");
        var extra = new LinkedHashMap<String, Object>(extraMeta);
        extra.put("sequence", sequence(model.hyperparameters()));
        AlsArtifacts.write(dir, model.als(), metrics, HybridModelLoader.MODEL_NAME, extra);
        SequenceTables t = model.tables();
        Npy.write(dir.resolve(TRANSITIONS_INDPTR), longs(t.transitionIndptr()), t.transitionIndptr().length);
        Npy.write(dir.resolve(TRANSITIONS_ITEMS), t.transitionItems(), t.transitionItems().length);
        Npy.write(dir.resolve(TRANSITIONS_WEIGHTS), t.transitionWeights(), t.transitionWeights().length);
        Npy.write(dir.resolve(RECENT_INDPTR), longs(t.recentIndptr()), t.recentIndptr().length);
        Npy.write(dir.resolve(RECENT_ITEMS), t.recentItems(), t.recentItems().length);
    }

    /**
     * @param hp sequence hyperparameters
     * @return them as the {@code meta.json} map (snake_case keys)
     */
    public static Map<String, Object> sequence(SequenceHyperparameters hp) {
        var m = new LinkedHashMap<String, Object>();
        m.put("window", hp.window());
        m.put("successors", hp.successors());
        m.put("recent_items", hp.recentItems());
        m.put("recent_decay", hp.recentDecay());
        m.put("blend", hp.blend());
        return m;
    }

    private static long[] longs(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }
}
