package io.recsys.als.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Offline metrics of one model under the leave-last-out protocol (one held-out item per user).
 *
 * @param k the cut-off
 * @param users number of test users
 * @param hitRate HR@K: share of test users whose held-out item is in their top K
 * @param ndcg NDCG@K: mean of {@code 1 / log2(rank + 1)} (rank 1-based; 0 outside the top K)
 * @param precision precision@K: mean of {@code hit / K}
 * @param recall recall@K: mean of {@code hit / 1} (equals HR@K with one relevant item)
 * @param map MAP@K: mean of {@code 1 / rank} for hits (with one relevant item, the MRR@K)
 * @param coverage distinct recommended items over all test users / catalogue size
 */
public record EvaluationReport(int k, int users, double hitRate, double ndcg, double precision, double recall,
                               double map, double coverage) {

    /** @return the metrics keyed as {@code hr@10}, {@code ndcg@10}, ... (for {@code meta.json}) */
    public Map<String, Object> toMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("hr@" + k, hitRate);
        m.put("ndcg@" + k, ndcg);
        m.put("precision@" + k, precision);
        m.put("recall@" + k, recall);
        m.put("map@" + k, map);
        m.put("coverage@" + k, coverage);
        m.put("test_users", users);
        return m;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "HR@%d=%.4f NDCG@%d=%.4f P@%d=%.4f R@%d=%.4f MAP@%d=%.4f coverage=%.4f (users=%d)",
                k, hitRate, k, ndcg, k, precision, k, recall, k, map, coverage, users);
    }
}
