package io.recsys.als.eval;

import io.recsys.als.ItemScores;
import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.Interactions;
import java.util.Locale;

/**
 * Leave-last-out HR@K and NDCG@K with ties counted against the held-out item: its rank is one
 * plus the number of other candidate items (not seen in training) scoring at least as high. A
 * sparse scorer that gives many items the same score cannot gain from a lucky tie order this way;
 * {@link Evaluator} breaks ties by item order instead (the serving order). The model must score
 * items in the training data's item order.
 */
public final class TiesAgainstEvaluator {

    private TiesAgainstEvaluator() {
    }

    /**
     * HR and NDCG at a cut-off under the pessimistic tie rule.
     *
     * @param k the cut-off
     * @param users number of test users
     * @param hitRate share of test users whose held-out item ranks within K
     * @param ndcg mean of {@code 1 / log2(rank + 1)} within K
     */
    public record Report(int k, int users, double hitRate, double ndcg) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "HR@%d=%.4f NDCG@%d=%.4f (ties against, users=%d)", k, hitRate, k, ndcg,
                    users);
        }
    }

    /**
     * @param model a model trained on {@code split.train()}
     * @param split the split
     * @param k the cut-off, {@code >= 1}
     * @return the metrics
     * @throws IllegalArgumentException when {@code k < 1} or the model's items differ from the training data's
     */
    public static Report evaluate(ItemScores model, LeaveLastOutSplit split, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1");
        }
        Interactions train = split.train();
        int items = train.itemCount();
        if (model.itemCount() != items) {
            throw new IllegalArgumentException("model scores " + model.itemCount() + " items, the training data has " + items);
        }
        CsrMatrix seen = train.byUser();
        float[] scores = new float[items];
        boolean[] excluded = new boolean[items];
        int n = split.testCount();
        double hits = 0;
        double ndcg = 0;
        for (int t = 0; t < n; t++) {
            long userId = split.testUserId(t);
            int held = model.itemIndex(split.testItemId(t));
            if (held < 0 || !model.scoreAll(userId, scores)) {
                continue;
            }
            int user = train.users().indexOf(userId);
            for (int p = seen.start(user); p < seen.end(user); p++) {
                excluded[seen.column(p)] = true;
            }
            float target = scores[held];
            int ahead = 0;
            for (int i = 0; i < items; i++) {
                if (i != held && !excluded[i] && !(scores[i] < target)) {
                    ahead++;
                }
            }
            for (int p = seen.start(user); p < seen.end(user); p++) {
                excluded[seen.column(p)] = false;
            }
            int rank = ahead + 1;
            if (rank <= k) {
                hits++;
                ndcg += 1.0 / (Math.log(rank + 1) / Math.log(2));
            }
        }
        return n == 0 ? new Report(k, 0, 0, 0) : new Report(k, n, hits / n, ndcg / n);
    }
}
