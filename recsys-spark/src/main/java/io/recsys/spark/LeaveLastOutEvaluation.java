package io.recsys.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.mllib.evaluation.RankingMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import scala.Tuple2;

/**
 * This project's offline protocol computed on Spark: leave-last-out (for every user with at least
 * two interactions the latest one, on a tie the larger item id, is held out), ALS fitted on the
 * rest, every user's top K over all items with the user's training items left out, scored by
 * MLlib's {@link RankingMetrics} (NDCG@K; recall@K, which with one held-out item is the hit rate).
 * The item factors are broadcast; users are ranked in parallel on the executors.
 */
public final class LeaveLastOutEvaluation {

    private LeaveLastOutEvaluation() {
    }

    /**
     * Result of an evaluation.
     *
     * @param hitRate HR@K: the share of test users whose held-out item is in their top K
     * @param ndcg NDCG@K with the held-out item as the only relevant one
     * @param testUsers users evaluated (at least two interactions)
     * @param k the cut-off
     */
    public record Report(double hitRate, double ndcg, long testUsers, int k) {

        /** @return {@code hr}, {@code ndcg}, {@code test_users}, {@code k} and how they were computed */
        public Map<String, Object> toMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("hr", hitRate);
            m.put("ndcg", ndcg);
            m.put("test_users", testUsers);
            m.put("k", k);
            m.put("evaluated_by", "spark-mllib RankingMetrics, leave-last-out");
            return m;
        }
    }

    /**
     * @param ratings de-duplicated ratings ({@link RatingsInput} columns)
     * @param parameters ALS settings
     * @param k cut-off
     * @return HR@K and NDCG@K
     */
    public static Report evaluate(Dataset<Row> ratings, SparkAlsParameters parameters, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        var latestFirst = Window.partitionBy(RatingsInput.USER).orderBy(desc(RatingsInput.TS), desc(RatingsInput.ITEM));
        var perUser = Window.partitionBy(RatingsInput.USER);
        Dataset<Row> ranked = ratings.withColumn("_rn", row_number().over(latestFirst))
                .withColumn("_n", count("*").over(perUser)).cache();
        Dataset<Row> test = ranked.filter(col("_rn").equalTo(1).and(col("_n").geq(2)))
                .select(col(RatingsInput.USER), col(RatingsInput.ITEM).as("held_out"));
        Dataset<Row> train = ranked.filter(col("_rn").gt(1).or(col("_n").lt(2)))
                .select(RatingsInput.USER, RatingsInput.ITEM, RatingsInput.RATING, RatingsInput.TS).cache();
        ALSModel model = SparkAls.fit(train, parameters);
        int rank = model.rank();
        List<Row> items = model.itemFactors().collectAsList();
        int[] itemIds = new int[items.size()];
        float[] itemFactors = new float[items.size() * rank];
        for (int r = 0; r < items.size(); r++) {
            itemIds[r] = items.get(r).getInt(0);
            List<Float> f = items.get(r).getList(1);
            for (int j = 0; j < rank; j++) {
                itemFactors[r * rank + j] = f.get(j);
            }
        }
        var jsc = JavaSparkContext.fromSparkContext(ratings.sparkSession().sparkContext());
        Broadcast<int[]> ids = jsc.broadcast(itemIds);
        Broadcast<float[]> factors = jsc.broadcast(itemFactors);
        Dataset<Row> users = train.groupBy(RatingsInput.USER).agg(collect_list(col(RatingsInput.ITEM)).as("seen"))
                .join(test, RatingsInput.USER)
                .join(model.userFactors().withColumnRenamed("id", RatingsInput.USER), RatingsInput.USER);
        JavaRDD<Tuple2<List<Integer>, List<Integer>>> predictionAndLabels = users.javaRDD().map(row -> {
            List<Integer> seen = row.getList(row.fieldIndex("seen"));
            List<Float> uf = row.getList(row.fieldIndex("features"));
            int heldOut = row.getInt(row.fieldIndex("held_out"));
            return new Tuple2<>(topK(uf, seen, ids.value(), factors.value(), k), List.of(heldOut));
        });
        predictionAndLabels.cache();
        long testUsers = predictionAndLabels.count();
        RankingMetrics<Integer> metrics = RankingMetrics.of(predictionAndLabels);
        Report report = new Report(metrics.recallAt(k), metrics.ndcgAt(k), testUsers, k);
        predictionAndLabels.unpersist(false);
        ids.destroy();
        factors.destroy();
        ranked.unpersist();
        train.unpersist();
        return report;
    }

    /** The K best items by dot product, seen ones left out; ties go to the smaller item id. */
    static List<Integer> topK(List<Float> user, List<Integer> seen, int[] itemIds, float[] itemFactors, int k) {
        int rank = user.size();
        float[] u = new float[rank];
        for (int j = 0; j < rank; j++) {
            u[j] = user.get(j);
        }
        Set<Integer> skip = new HashSet<>(seen);
        int[] best = new int[k];
        float[] bestScore = new float[k];
        int size = 0;
        for (int i = 0; i < itemIds.length; i++) {
            if (skip.contains(itemIds[i])) {
                continue;
            }
            float s = 0;
            int base = i * rank;
            for (int j = 0; j < rank; j++) {
                s += u[j] * itemFactors[base + j];
            }
            if (size == k && !better(s, itemIds[i], bestScore[k - 1], best[k - 1])) {
                continue;
            }
            int pos = size < k ? size++ : k - 1;
            while (pos > 0 && better(s, itemIds[i], bestScore[pos - 1], best[pos - 1])) {
                best[pos] = best[pos - 1];
                bestScore[pos] = bestScore[pos - 1];
                pos--;
            }
            best[pos] = itemIds[i];
            bestScore[pos] = s;
        }
        var out = new ArrayList<Integer>(size);
        for (int i = 0; i < size; i++) {
            out.add(best[i]);
        }
        return out;
    }

    private static boolean better(float score, int id, float otherScore, int otherId) {
        return score > otherScore || score == otherScore && id < otherId;
    }
}
