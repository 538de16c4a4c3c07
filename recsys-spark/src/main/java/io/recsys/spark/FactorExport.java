package io.recsys.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;

import io.recsys.core.factors.FactorSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Brings a Spark ALS model to the driver as a {@link FactorSet}: ids ascending, factors row by
 * row, the users' seen items (so serving leaves them out, as for the in-process model) and the
 * items' interaction counts (the fallback for unknown users). The driver holds the whole set, as
 * it writes single {@code .npy} files: about {@code (users + items) * rank * 4} bytes plus 4 bytes
 * per interaction.
 */
public final class FactorExport {

    private FactorExport() {
    }

    /**
     * @param model the fitted model
     * @param ratings the ratings it was fitted on ({@link RatingsInput} columns)
     * @return the factors, ids, seen items and popularity
     */
    public static FactorSet collect(ALSModel model, Dataset<Row> ratings) {
        int rank = model.rank();
        List<Row> users = model.userFactors().orderBy("id").collectAsList();
        List<Row> items = model.itemFactors().orderBy("id").collectAsList();
        long[] userIds = new long[users.size()];
        float[] userFactors = new float[users.size() * rank];
        copy(users, userIds, userFactors, rank);
        long[] itemIds = new long[items.size()];
        float[] itemFactors = new float[items.size() * rank];
        copy(items, itemIds, itemFactors, rank);
        Map<Long, Integer> itemIndex = new HashMap<>(items.size() * 2);
        for (int i = 0; i < itemIds.length; i++) {
            itemIndex.put(itemIds[i], i);
        }
        long[] popularity = new long[itemIds.length];
        for (Row r : ratings.groupBy(RatingsInput.ITEM).agg(count("*").as("n")).collectAsList()) {
            Integer i = itemIndex.get((long) r.getInt(0));
            if (i != null) {
                popularity[i] = r.getLong(1);
            }
        }
        long[] indptr = new long[userIds.length + 1];
        long interactions = ratings.count();
        if (interactions > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(interactions + " interactions exceed one seen-items array");
        }
        var indices = new int[(int) interactions];
        int nnz = 0;
        int u = 0;
        Iterator<Row> seen = ratings.groupBy(RatingsInput.USER).agg(collect_list(col(RatingsInput.ITEM)).as("items"))
                .orderBy(RatingsInput.USER).toLocalIterator();
        while (seen.hasNext()) {
            Row r = seen.next();
            long user = r.getInt(0);
            while (u < userIds.length && userIds[u] < user) {
                indptr[++u] = nnz;
            }
            if (u == userIds.length || userIds[u] != user) {
                continue;
            }
            List<Integer> list = r.getList(1);
            int from = nnz;
            for (Integer item : list) {
                Integer i = itemIndex.get(item.longValue());
                if (i != null) {
                    indices[nnz++] = i;
                }
            }
            java.util.Arrays.sort(indices, from, nnz);
            indptr[++u] = nnz;
        }
        while (u < userIds.length) {
            indptr[++u] = nnz;
        }
        return FactorSet.builder(rank)
                .users(userIds, userFactors)
                .items(itemIds, itemFactors)
                .seen(indptr, java.util.Arrays.copyOf(indices, nnz))
                .itemPopularity(popularity)
                .build();
    }

    private static void copy(List<Row> rows, long[] ids, float[] factors, int rank) {
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            ids[r] = row.getInt(0);
            List<Float> f = row.getList(1);
            for (int j = 0; j < rank; j++) {
                factors[r * rank + j] = f.get(j);
            }
        }
    }
}
