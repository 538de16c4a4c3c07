package io.recsys.als;

import io.recsys.core.ModelInfo;

/**
 * Serving an in-memory ALS model through the bounded exact scan: the top K is the plain fp32
 * scan's, item for item and score for score, but the scan stops reading item factors once norm and
 * partial-score bounds prove that no remaining item can enter (built at load time from the fp32
 * factors; nothing is added to the artifact).
 */
public final class BoundedScans {
    private BoundedScans() {
    }

    /**
     * A recommender for {@code model} whose top-K search is the bounded scan, or the plain scan when
     * the factors do not suit bounds (a factor that is not finite or above 2^30 in size).
     *
     * @param model the model
     * @param info the identity the recommender reports
     * @return the recommender
     */
    public static AlsRecommender recommender(AlsModel model, ModelInfo info) {
        float[] items = model.itemFactorsArray();
        return model.toRecommender(info, BoundedScan.of(items, model.items().size(), model.factors(),
                BoundedScan.DEFAULT_SPLITS));
    }
}
