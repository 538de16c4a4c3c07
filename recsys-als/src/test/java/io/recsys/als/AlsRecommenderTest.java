package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.IdIndex;
import io.recsys.core.Exclusions;
import io.recsys.core.InvalidRequestException;
import io.recsys.core.ScoredItem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AlsRecommenderTest {

    /** Random model; with {@code levels > 0} factors are quantised so that many scores tie exactly. */
    private static AlsModel randomModel(int users, int items, int f, long seed, int levels, boolean withSeen) {
        var rnd = new SplittableRandom(seed);
        long[] userIds = new long[users];
        long[] itemIds = new long[items];
        for (int u = 0; u < users; u++) {
            userIds[u] = 1000 + 3L * u;
        }
        for (int i = 0; i < items; i++) {
            itemIds[i] = 5_000_000_000L - 7L * i; // descending ids: index order differs from id order
        }
        float[] uf = new float[users * f];
        float[] itf = new float[items * f];
        for (int j = 0; j < uf.length; j++) {
            uf[j] = value(rnd, levels);
        }
        for (int j = 0; j < itf.length; j++) {
            itf[j] = value(rnd, levels);
        }
        CsrMatrix seen = null;
        if (withSeen) {
            int[] indptr = new int[users + 1];
            List<Integer> idx = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                for (int i = 0; i < items; i++) {
                    if (rnd.nextInt(10) == 0) {
                        idx.add(i);
                    }
                }
                indptr[u + 1] = idx.size();
            }
            seen = CsrMatrix.of(users, items, indptr, idx.stream().mapToInt(Integer::intValue).toArray(),
                    new float[idx.size()], null);
        }
        long[] counts = new long[items];
        for (int i = 0; i < items; i++) {
            counts[i] = rnd.nextInt(5);
        }
        return AlsModel.of(IdIndex.of(userIds), IdIndex.of(itemIds), f, uf, itf, seen, counts);
    }

    private static float value(SplittableRandom rnd, int levels) {
        return levels > 0 ? rnd.nextInt(levels) - levels / 2 : (float) rnd.nextGaussian();
    }

    private static long[] excludedIds(AlsModel model, int user, long... extra) {
        CsrMatrix seen = model.seen().orElseThrow();
        long[] out = new long[seen.rowLength(user) + extra.length];
        int n = 0;
        for (int p = seen.start(user); p < seen.end(user); p++) {
            out[n++] = model.items().id(seen.column(p));
        }
        for (long e : extra) {
            out[n++] = e;
        }
        return out;
    }

    @ParameterizedTest(name = "items={0} factors={1} levels={2} k={3}")
    @CsvSource({"1000,16,0,10", "1000,13,0,25", "3706,64,0,10", "777,8,3,10", "500,4,2,50", "130,5,0,130", "64,4,0,7"})
    void recommend_equalsNaiveTopK(int items, int f, int levels, int k) {
        AlsModel model = randomModel(20, items, f, items * 31L + f, levels, true);
        AlsRecommender tuned = model.toRecommender();
        NaiveScorer naive = new NaiveScorer(model.items().ids(), model.itemFactors(), f);
        float[] uf = model.userFactors();
        for (int u = 0; u < 20; u++) {
            long userId = model.users().id(u);
            float[] vec = Arrays.copyOfRange(uf, u * f, (u + 1) * f);
            assertThat(tuned.recommend(userId, k, Exclusions.none())).isEqualTo(naive.recommend(vec, k));
            assertThat(tuned.recommend(userId, k)).isEqualTo(naive.recommend(vec, k, excludedIds(model, u)));
            long extra = model.items().id(u % items);
            assertThat(tuned.recommend(userId, k, Exclusions.of(true, extra, 123L)))
                    .isEqualTo(naive.recommend(vec, k, excludedIds(model, u, extra)));
        }
    }

    @Test
    void recommend_tiesBreakBySmallerItemPosition() {
        // All item factors equal: every score ties, so the first k positions win.
        int items = 300;
        float[] itf = new float[items * 4];
        Arrays.fill(itf, 0.5f);
        long[] ids = new long[items];
        for (int i = 0; i < items; i++) {
            ids[i] = items - i;
        }
        var model = AlsModel.of(IdIndex.of(1), IdIndex.of(ids), 4, new float[] {1, 1, 1, 1}, itf, null, null);
        List<ScoredItem> top = model.toRecommender().recommend(1, 5);
        assertThat(top).extracting(ScoredItem::itemId).containsExactly(300L, 299L, 298L, 297L, 296L);
        assertThat(top).extracting(ScoredItem::score).containsOnly(2.0);
    }

    @Test
    void recommend_unknownUserGetsPopularItemsByCountThenId() {
        var model = AlsModel.of(IdIndex.of(1), IdIndex.of(30, 10, 20, 40), 2, new float[2], new float[8], null,
                new long[] {5, 1, 5, 0});
        var rec = model.toRecommender();
        assertThat(rec.recommend(99, 3)).containsExactly(new ScoredItem(20, 5), new ScoredItem(30, 5), new ScoredItem(10, 1));
        assertThat(rec.recommend(99, 10, Exclusions.of(true, 20))).extracting(ScoredItem::itemId).containsExactly(30L, 10L, 40L);
        var noPopularity = AlsModel.of(IdIndex.of(1), IdIndex.of(30, 10, 20), 2, new float[2], new float[6], null, null);
        assertThat(noPopularity.toRecommender().recommend(99, 2)).extracting(ScoredItem::itemId).containsExactly(10L, 20L);
    }

    @Test
    void recommend_rejectsKBelowOne() {
        var rec = randomModel(2, 10, 4, 1, 0, false).toRecommender();
        assertThatThrownBy(() -> rec.recommend(1000, 0, Exclusions.none())).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void recommend_allSeenLeavesNothing() {
        int[] indptr = {0, 3};
        var seen = CsrMatrix.of(1, 3, indptr, new int[] {0, 1, 2}, new float[3], null);
        var model = AlsModel.of(IdIndex.of(1), IdIndex.of(1, 2, 3), 1, new float[] {1}, new float[] {1, 2, 3}, seen, null);
        assertThat(model.toRecommender().recommend(1, 5)).isEmpty();
        assertThat(model.toRecommender().recommend(1, 5, Exclusions.none())).extracting(ScoredItem::itemId).containsExactly(3L, 2L, 1L);
    }
}
