package io.recsys.als.eval;

import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.Interactions;
import io.recsys.core.Exclusions;
import io.recsys.core.ModelInfo;
import io.recsys.core.ModelVersion;
import io.recsys.core.Recommender;
import io.recsys.core.ScoredItem;
import io.recsys.core.VersionMetadata;
import io.recsys.core.popularity.PopularityRecommender;
import java.util.List;

/**
 * Offline evaluation by the leave-last-out protocol: for every test user of a
 * {@link LeaveLastOutSplit}, the model ranks all items leaving out the user's training items
 * ({@link Exclusions#seen()}; the model must have been trained on {@code split.train()}), and the
 * rank of the held-out item gives HR@K, NDCG@K, precision@K, recall@K and MAP@K; catalogue
 * coverage counts the distinct items recommended. {@link #popularity(LeaveLastOutSplit)} is the
 * baseline under the same protocol.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /**
     * @param model a model trained on {@code split.train()}
     * @param split the split
     * @param k the cut-off, {@code >= 1}
     * @return the metrics
     */
    public static EvaluationReport evaluate(Recommender model, LeaveLastOutSplit split, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1");
        }
        int n = split.testCount();
        int catalog = split.train().itemCount();
        boolean[] recommended = new boolean[catalog];
        int distinct = 0;
        double hits = 0;
        double ndcg = 0;
        double map = 0;
        for (int t = 0; t < n; t++) {
            long item = split.testItemId(t);
            List<ScoredItem> recs = model.recommend(split.testUserId(t), k, Exclusions.seen());
            for (int r = 0; r < recs.size(); r++) {
                long id = recs.get(r).itemId();
                int index = split.train().items().indexOf(id);
                if (index >= 0 && !recommended[index]) {
                    recommended[index] = true;
                    distinct++;
                }
                if (id == item) {
                    int rank = r + 1;
                    hits++;
                    ndcg += 1.0 / (Math.log(rank + 1) / Math.log(2));
                    map += 1.0 / rank;
                }
            }
        }
        if (n == 0) {
            return new EvaluationReport(k, 0, 0, 0, 0, 0, 0, 0);
        }
        return new EvaluationReport(k, n, hits / n, ndcg / n, hits / n / k, hits / n, map / n,
                catalog == 0 ? 0 : (double) distinct / catalog);
    }

    /**
     * @param split the split
     * @return the popularity baseline trained on {@code split.train()} (most interacted items
     *     first, ties by smaller item id)
     */
    public static PopularityRecommender popularity(LeaveLastOutSplit split) {
        Interactions train = split.train();
        CsrMatrix m = train.byUser();
        long[] users = new long[m.nnz()];
        long[] items = new long[m.nnz()];
        for (int u = 0; u < m.rows(); u++) {
            for (int p = m.start(u); p < m.end(u); p++) {
                users[p] = train.users().id(u);
                items[p] = train.items().id(m.column(p));
            }
        }
        var meta = new VersionMetadata("v0.0", null, "popularity", null, null, null, null, null, 0, null, null);
        return PopularityRecommender.fromInteractions(new ModelInfo("popularity", new ModelVersion(0, 0), meta), users, items);
    }
}
