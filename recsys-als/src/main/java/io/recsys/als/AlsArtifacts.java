package io.recsys.als;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.als.data.CsrMatrix;
import io.recsys.core.factors.FactorArtifacts;
import io.recsys.core.factors.FactorSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes an ALS model as a portable directory that NumPy can read (the shared layout of
 * {@link FactorArtifacts}; the file names below are its constants):
 *
 * <pre>
 * user_factors.npy     float32 [users, factors], C order
 * item_factors.npy     float32 [items, factors], C order
 * user_ids.npy         int64 [users]
 * item_ids.npy         int64 [items]
 * seen_indptr.npy      int64 [users + 1]   users' seen items as CSR ...
 * seen_indices.npy     int32 [nnz]         ... item indices, ascending per user
 * item_popularity.npy  int64 [items]       interaction counts aligned with item_ids
 * seen_weights.npy     float32 [nnz]       implicit fits: each seen entry's trained confidence - 1,
 *                                          aligned with seen_indices (fold-in reuses it)
 * meta.json            {"type": "als", "factors", "users", "items", "interactions",
 *                       "hyperparameters", "metrics", "history"}
 * </pre>
 *
 * Factors trained elsewhere ({@code implicit}, Spark) can be served by writing just the four
 * factor and id files (plus an optional {@code meta.json}); see {@link AlsModelLoader}.
 */
public final class AlsArtifacts {
    /** User factors file name. */
    public static final String USER_FACTORS = FactorArtifacts.USER_FACTORS;
    /** Item factors file name. */
    public static final String ITEM_FACTORS = FactorArtifacts.ITEM_FACTORS;
    /** User ids file name. */
    public static final String USER_IDS = FactorArtifacts.USER_IDS;
    /** Item ids file name. */
    public static final String ITEM_IDS = FactorArtifacts.ITEM_IDS;
    /** Seen-items row pointers file name. */
    public static final String SEEN_INDPTR = FactorArtifacts.SEEN_INDPTR;
    /** Seen-items item indices file name. */
    public static final String SEEN_INDICES = FactorArtifacts.SEEN_INDICES;
    /** Item popularity file name. */
    public static final String ITEM_POPULARITY = FactorArtifacts.ITEM_POPULARITY;
    /** Trained confidence weights of the seen entries (optional; fold-in of known users). */
    public static final String SEEN_WEIGHTS = "seen_weights.npy";
    /** Metadata file name. */
    public static final String META = FactorArtifacts.META;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AlsArtifacts() {
    }

    /**
     * Writes the model's files into {@code dir} (created if needed; existing files replaced).
     *
     * @param dir target directory
     * @param model the model
     * @param metrics offline metrics to record in {@code meta.json} (may be empty)
     * @throws IOException when writing fails
     */
    public static void write(Path dir, AlsModel model, Map<String, ?> metrics) throws IOException {
        write(dir, model, metrics, AlsModelLoader.MODEL_NAME, Map.of());
    }

    /** Writes the ALS files with {@code meta.json} naming {@code type} and holding the extra entries too. */
    static void write(Path dir, AlsModel model, Map<String, ?> metrics, String type, Map<String, ?> extraMeta)
            throws IOException {
        Objects.requireNonNull(model, "model");
        FactorSet.Builder set = FactorSet.builder(model.factors())
                .users(model.users().ids(), model.userFactorsArray())
                .items(model.items().ids(), model.itemFactorsArray())
                .itemPopularity(model.itemCountsArray());
        if (model.seen().isPresent()) {
            CsrMatrix seen = model.seen().get();
            int[] ptr = seen.indptr();
            long[] lptr = new long[ptr.length];
            for (int i = 0; i < ptr.length; i++) {
                lptr[i] = ptr[i];
            }
            set.seen(lptr, seen.indices());
        }
        FactorSet factors = set.build();
        FactorArtifacts.write(dir, factors);
        if (model.seen().isPresent() && model.seenWeightsArray() != null) {
            float[] w = model.seenWeightsArray();
            io.recsys.core.npy.Npy.write(dir.resolve(SEEN_WEIGHTS), w, w.length);
        }
        Map<String, Object> meta = FactorArtifacts.meta(type, factors);
        model.hyperparameters().ifPresent(hp -> meta.put("hyperparameters", hyperparameters(hp)));
        meta.putAll(extraMeta);
        meta.put("metrics", metrics == null ? Map.of() : new LinkedHashMap<>(metrics));
        List<Map<String, Object>> history = new ArrayList<>();
        for (IterationStats s : model.history()) {
            var row = new LinkedHashMap<String, Object>();
            row.put("iteration", s.iteration());
            row.put("loss", Double.isNaN(s.loss()) ? null : s.loss());
            row.put("elapsed_seconds", s.elapsed().toNanos() / 1e9);
            history.add(row);
        }
        meta.put("history", history);
        JSON.writeValue(dir.resolve(META).toFile(), meta);
    }

    /**
     * @param hp hyperparameters
     * @return them as the {@code meta.json} map (snake_case keys)
     */
    public static Map<String, Object> hyperparameters(AlsHyperparameters hp) {
        var m = new LinkedHashMap<String, Object>();
        m.put("factors", hp.factors());
        m.put("iterations", hp.iterations());
        m.put("regularization", hp.regularization());
        m.put("alpha", hp.alpha());
        m.put("cg_steps", hp.cgSteps());
        m.put("implicit", hp.implicit());
        m.put("binarize", hp.binarize());
        m.put("weighted_regularization", hp.weightedRegularization());
        m.put("recency", hp.recency().name().toLowerCase(java.util.Locale.ROOT));
        m.put("recency_half_life", hp.recencyHalfLife());
        m.put("seed", hp.seed());
        m.put("threads", hp.threads());
        return m;
    }
}
