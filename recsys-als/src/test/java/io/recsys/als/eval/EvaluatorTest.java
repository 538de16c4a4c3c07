package io.recsys.als.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recsys.als.data.Interactions;
import io.recsys.core.Exclusions;
import io.recsys.core.ModelInfo;
import io.recsys.core.Recommender;
import io.recsys.core.ScoredItem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    /*
     * user 1: 10@t1, 20@t2, 30@t3          -> test 30 (latest), train {10, 20}
     * user 2: 10@t5, 40@t5                 -> tie on time, larger item id: test 40, train {10}
     * user 3: 50@t1                        -> single interaction: train only
     * user 4: 30@t1, 20@t9, 20@t4 (dup)    -> duplicate keeps t9; test 20, train {30}
     */
    private static Interactions data() {
        return Interactions.builder()
                .add(1, 10, 5f, 1).add(1, 20, 5f, 2).add(1, 30, 5f, 3)
                .add(2, 10, 5f, 5).add(2, 40, 5f, 5)
                .add(3, 50, 5f, 1)
                .add(4, 30, 5f, 1).add(4, 20, 5f, 9).add(4, 20, 5f, 4)
                .build();
    }

    @Test
    void split_holdsOutLatestWithTiesToLargerItem() {
        var split = LeaveLastOutSplit.of(data());
        assertThat(split.testCount()).isEqualTo(3);
        assertThat(new long[] {split.testUserId(0), split.testUserId(1), split.testUserId(2)}).containsExactly(1, 2, 4);
        assertThat(new long[] {split.testItemId(0), split.testItemId(1), split.testItemId(2)}).containsExactly(30, 40, 20);
        assertThat(split.train().size()).isEqualTo(5);
        assertThat(split.train().itemCount()).isEqualTo(5);
    }

    @Test
    void evaluate_handComputedMetrics() {
        var split = LeaveLastOutSplit.of(data());
        // Fixed rankings: user 1 has 30 at rank 2, user 2 has 40 at rank 3, user 4 misses 20.
        Map<Long, List<Long>> ranked = Map.of(1L, List.of(40L, 30L), 2L, List.of(20L, 30L, 40L), 4L, List.of(10L, 40L));
        Recommender fixed = new Recommender() {
            @Override
            public ModelInfo info() {
                return null;
            }

            @Override
            public List<ScoredItem> recommend(long userId, int k, Exclusions exclusions) {
                return ranked.get(userId).stream().limit(k).map(i -> new ScoredItem(i, 1.0)).toList();
            }

            @Override
            public boolean knowsUser(long userId) {
                return true;
            }

            @Override
            public int itemCount() {
                return 5;
            }
        };
        EvaluationReport r = Evaluator.evaluate(fixed, split, 3);
        // HR = 2 hits / 3 users
        assertThat(r.hitRate()).isCloseTo(2.0 / 3, within(1e-12));
        // NDCG = (1/log2(3) + 1/log2(4) + 0) / 3 = (0.6309298 + 0.5) / 3 = 0.3769766
        assertThat(r.ndcg()).isCloseTo(0.3769766, within(1e-7));
        // precision@3 = HR / 3; recall = HR (one relevant item each)
        assertThat(r.precision()).isCloseTo(2.0 / 9, within(1e-12));
        assertThat(r.recall()).isCloseTo(2.0 / 3, within(1e-12));
        // MAP@3 = (1/2 + 1/3 + 0) / 3
        assertThat(r.map()).isCloseTo(5.0 / 18, within(1e-12));
        // recommended {40, 30, 20, 10} of catalogue {10, 20, 30, 40, 50}
        assertThat(r.coverage()).isCloseTo(0.8, within(1e-12));
        assertThat(r.users()).isEqualTo(3);
        assertThat(r.toMap()).containsEntry("hr@3", 2.0 / 3);
        // At k = 1 nobody hits.
        assertThat(Evaluator.evaluate(fixed, split, 1).hitRate()).isZero();
    }

    @Test
    void popularity_usesTrainingCountsAndLeavesOutTrainingItems() {
        var split = LeaveLastOutSplit.of(data());
        var pop = Evaluator.popularity(split);
        // training counts: 10 -> 2, 20 -> 1, 30 -> 1, 50 -> 1; user 4 has trained on 30
        assertThat(pop.recommend(4, 3)).extracting(ScoredItem::itemId).containsExactly(10L, 20L, 50L);
        EvaluationReport r = Evaluator.evaluate(pop, split, 1);
        // user 4's top-1 is 10 (miss); user 1: 30 is the first unseen (hit at rank 1); user 2: 20 (miss)
        assertThat(r.hitRate()).isCloseTo(1.0 / 3, within(1e-12));
    }
}
