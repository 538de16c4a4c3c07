package io.recsys.als;

import io.recsys.core.ModelInfo;
import io.recsys.core.ModelVersion;
import io.recsys.core.VersionMetadata;
import java.util.Objects;

/**
 * A fitted sequence-aware hybrid: the recency-weighted ALS model, the next-item and recent-items
 * tables built from the same training interactions, and the blend parameters.
 *
 * @param als the ALS part
 * @param tables the sequence tables (same user and item indices as {@code als})
 * @param hyperparameters the sequence and blend parameters
 */
public record HybridModel(AlsModel als, SequenceTables tables, SequenceHyperparameters hyperparameters) {

    /** Checks presence and shapes. */
    public HybridModel {
        Objects.requireNonNull(als, "als");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(hyperparameters, "hyperparameters");
        if (tables.itemCount() != als.items().size() || tables.userCount() != als.users().size()) {
            throw new IllegalArgumentException("sequence tables and ALS model disagree on users or items");
        }
    }

    /**
     * @param info the identity the recommender reports
     * @return an in-memory recommender
     */
    public HybridRecommender toRecommender(ModelInfo info) {
        return new HybridRecommender(info, als.toRecommender(info), tables, hyperparameters);
    }

    /** @return an in-memory recommender with a placeholder identity (offline evaluation) */
    public HybridRecommender toRecommender() {
        var meta = new VersionMetadata("v0.0", null, HybridModelLoader.MODEL_NAME, null, null, null, null, null, 0, null,
                null);
        return toRecommender(new ModelInfo(HybridModelLoader.MODEL_NAME, new ModelVersion(0, 0), meta));
    }
}
