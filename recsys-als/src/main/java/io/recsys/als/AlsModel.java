package io.recsys.als;

import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.IdIndex;
import io.recsys.core.ModelInfo;
import io.recsys.core.ModelVersion;
import io.recsys.core.VersionMetadata;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A fitted (or imported) ALS model held in memory: user and item factors as row-major float
 * matrices ({@code [n, factors]}), their id mappings, the hyperparameters and per-sweep history of
 * the fit, the users' seen items and the item popularity. Factor arrays are never exposed; the
 * accessors return copies. Immutable and thread-safe.
 */
public final class AlsModel {
    private final IdIndex users;
    private final IdIndex items;
    private final int factors;
    private final float[] userFactors;
    private final float[] itemFactors;
    private final AlsHyperparameters hyperparameters;
    private final List<IterationStats> history;
    private final CsrMatrix seen;
    private final long[] itemCounts;
    private final float[] seenWeights;

    AlsModel(IdIndex users, IdIndex items, int factors, float[] userFactors, float[] itemFactors,
             AlsHyperparameters hyperparameters, List<IterationStats> history, CsrMatrix seen, long[] itemCounts,
             float[] seenWeights) {
        this.users = users;
        this.items = items;
        this.factors = factors;
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
        this.hyperparameters = hyperparameters;
        this.history = List.copyOf(history);
        this.seen = seen;
        this.itemCounts = itemCounts;
        this.seenWeights = seenWeights;
    }

    /**
     * A model from factors trained elsewhere (arrays are copied).
     *
     * @param users user ids, one per row of {@code userFactors}
     * @param items item ids, one per row of {@code itemFactors}
     * @param factors number of factors (columns)
     * @param userFactors row-major {@code [users.size(), factors]}
     * @param itemFactors row-major {@code [items.size(), factors]}
     * @param seen user-major seen items ({@code users x items}), or null for none
     * @param itemCounts interactions per item index, or null (all zero: popularity falls back to id order)
     * @return the model
     * @throws IllegalArgumentException when shapes disagree
     */
    public static AlsModel of(IdIndex users, IdIndex items, int factors, float[] userFactors, float[] itemFactors,
                              CsrMatrix seen, long[] itemCounts) {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(items, "items");
        if (factors < 1 || userFactors.length != (long) users.size() * factors
                || itemFactors.length != (long) items.size() * factors) {
            throw new IllegalArgumentException("factor arrays must be [users, factors] and [items, factors]");
        }
        if (seen != null && (seen.rows() != users.size() || seen.cols() != items.size())) {
            throw new IllegalArgumentException("seen must be users x items");
        }
        if (itemCounts != null && itemCounts.length != items.size()) {
            throw new IllegalArgumentException("itemCounts must have one count per item");
        }
        return new AlsModel(users, items, factors, userFactors.clone(), itemFactors.clone(), null, List.of(), seen,
                itemCounts == null ? new long[items.size()] : itemCounts.clone(), null);
    }

    /** @return user ids by row */
    public IdIndex users() {
        return users;
    }

    /** @return item ids by row */
    public IdIndex items() {
        return items;
    }

    /** @return the number of factors */
    public int factors() {
        return factors;
    }

    /** @return user factors, row-major {@code [users, factors]} (a copy) */
    public float[] userFactors() {
        return userFactors.clone();
    }

    /** @return item factors, row-major {@code [items, factors]} (a copy) */
    public float[] itemFactors() {
        return itemFactors.clone();
    }

    /** @return the hyperparameters, absent for imported factors */
    public Optional<AlsHyperparameters> hyperparameters() {
        return Optional.ofNullable(hyperparameters);
    }

    /** @return per-sweep progress of the fit (empty for imported factors) */
    public List<IterationStats> history() {
        return history;
    }

    /** @return the users' seen items (user-major), absent when unknown */
    public Optional<CsrMatrix> seen() {
        return Optional.ofNullable(seen);
    }

    /** @return interactions per item index (a copy) */
    public long[] itemCounts() {
        return itemCounts.clone();
    }

    /**
     * @param userId a user id
     * @param itemId an item id
     * @return the model's score {@code x_u . y_i}
     * @throws IllegalArgumentException when the user or item is unknown
     */
    public float score(long userId, long itemId) {
        int u = users.indexOf(userId);
        int i = items.indexOf(itemId);
        if (u < 0 || i < 0) {
            throw new IllegalArgumentException("Unknown " + (u < 0 ? "user " + userId : "item " + itemId));
        }
        return Scoring.dot(userFactors, u * factors, itemFactors, i * factors, factors);
    }

    /**
     * @param info the identity the recommender reports
     * @return a recommender serving this model
     */
    public AlsRecommender toRecommender(ModelInfo info) {
        return toRecommender(info, defaultFoldIn(), null);
    }

    /**
     * @param info the identity the recommender reports
     * @param foldIn how the recommender folds live events into user vectors
     * @return a recommender serving this model
     */
    public AlsRecommender toRecommender(ModelInfo info, FoldInSettings foldIn) {
        return toRecommender(info, foldIn, null);
    }

    /** A recommender whose top-K scan goes through {@code search}. */
    AlsRecommender toRecommender(ModelInfo info, TopKSearch search) {
        return toRecommender(info, defaultFoldIn(), search);
    }

    private FoldInSettings defaultFoldIn() {
        return hyperparameters == null ? FoldInSettings.defaults() : FoldInSettings.of(hyperparameters);
    }

    private AlsRecommender toRecommender(ModelInfo info, FoldInSettings foldIn, TopKSearch search) {
        IntBuffer seenIdx = null;
        LongBuffer seenPtr = null;
        if (seen != null) {
            int[] ptr = seen.indptr();
            long[] lp = new long[ptr.length];
            for (int r = 0; r < ptr.length; r++) {
                lp[r] = ptr[r];
            }
            seenPtr = LongBuffer.wrap(lp);
            seenIdx = IntBuffer.wrap(seen.indices());
        }
        return new AlsRecommender(info, users, items, factors, FloatBuffer.wrap(userFactors).asReadOnlyBuffer(),
                FloatBuffer.wrap(itemFactors), seenPtr, seenIdx, itemCounts, seenWeights, foldIn, search);
    }

    /** @return a recommender serving this model as unpublished version {@code v0.0} */
    public AlsRecommender toRecommender() {
        var meta = new VersionMetadata("v0.0", null, AlsModelLoader.MODEL_NAME, null, null, null, null, null, 0, null, null);
        return toRecommender(new ModelInfo(AlsModelLoader.MODEL_NAME, new ModelVersion(0, 0), meta));
    }

    // Package-private raw access for the artifact writer (no copies).
    float[] userFactorsArray() {
        return userFactors;
    }

    float[] itemFactorsArray() {
        return itemFactors;
    }

    long[] itemCountsArray() {
        return itemCounts;
    }

    /** @return the training confidence weight minus one ({@code alpha * r * discount}) per seen entry, or null */
    float[] seenWeightsArray() {
        return seenWeights;
    }
}
