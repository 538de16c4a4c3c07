package io.recsys.als.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.als.AlsHyperparameters;
import io.recsys.als.SequenceHyperparameters;
import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.Interactions;
import io.recsys.als.data.SyntheticData;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SeedEvaluationTest {
    private static final AlsHyperparameters ALS = AlsHyperparameters.builder().factors(8).iterations(3).threads(1).build();

    /** The same interactions with each user's held-out (latest) item replaced by another unseen item. */
    private static Interactions withOtherTestItems(Interactions all) {
        var split = LeaveLastOutSplit.of(all);
        Interactions train = split.train();
        CsrMatrix m = train.byUser();
        var b = Interactions.builder();
        for (int u = 0; u < m.rows(); u++) {
            long latest = 0;
            for (int p = m.start(u); p < m.end(u); p++) {
                b.add(train.users().id(u), train.items().id(m.column(p)), m.value(p), m.timestamp(p));
                latest = Math.max(latest, m.timestamp(p));
            }
        }
        for (int t = 0; t < split.testCount(); t++) {
            long user = split.testUserId(t);
            int u = train.users().indexOf(user);
            long other = -1;
            for (int i = train.itemCount() - 1; i >= 0 && other < 0; i--) {
                boolean seen = false;
                for (int p = m.start(u); p < m.end(u); p++) {
                    seen |= m.column(p) == i;
                }
                long id = train.items().id(i);
                if (!seen && id != split.testItemId(t)) {
                    other = id;
                }
            }
            b.add(user, other, 5f, Long.MAX_VALUE / 4);
        }
        return b.build();
    }

    @Test
    void tune_neverSeesTheTestInteractions() {
        Interactions a = SyntheticData.ofShape(150, 100, 4_000).generate();
        Interactions b = withOtherTestItems(a);
        assertThat(LeaveLastOutSplit.of(b).train().byUser().indices()).isEqualTo(LeaveLastOutSplit.of(a).train().byUser().indices());
        var plan = new SeedEvaluation.Plan(ALS, SequenceHyperparameters.defaults(), true, new long[] {1, 2},
                Duration.ofMinutes(10), 6, 10);
        var ra = SeedEvaluation.run(a, plan);
        var rb = SeedEvaluation.run(b, plan);
        assertThat(ra.tuning().trials()).isEqualTo(6);
        assertThat(rb.tuning().als()).isEqualTo(ra.tuning().als());
        assertThat(rb.tuning().sequence()).isEqualTo(ra.tuning().sequence());
        assertThat(rb.tuning().validationNdcg()).isEqualTo(ra.tuning().validationNdcg());
        assertThat(ra.tuning().validationNdcg()).isGreaterThanOrEqualTo(ra.tuning().baselineNdcg());
        // ... while the test metrics do see the different held-out items
        assertThat(rb.seeds().get(0).hybrid().hitRate()).isNotEqualTo(ra.seeds().get(0).hybrid().hitRate());
    }

    @Test
    void run_reportsEachSeedUnderBothTieRules() {
        Interactions a = SyntheticData.ofShape(120, 80, 3_000).generate();
        var out = SeedEvaluation.run(a, new SeedEvaluation.Plan(ALS, SequenceHyperparameters.defaults(), true,
                new long[] {1, 2, 3}, null, 1, 10));
        assertThat(out.tuning()).isNull();
        assertThat(out.seeds()).extracting(SeedEvaluation.SeedResult::seed).containsExactly(1L, 2L, 3L);
        for (var s : out.seeds()) {
            assertThat(s.alsTiesAgainst().ndcg()).isLessThanOrEqualTo(s.als().ndcg() + 1e-12);
            assertThat(s.hybridTiesAgainst().ndcg()).isLessThanOrEqualTo(s.hybrid().ndcg() + 1e-12);
        }
        assertThat(out.seeds().get(0).als().ndcg()).isNotEqualTo(out.seeds().get(1).als().ndcg());
    }
}
