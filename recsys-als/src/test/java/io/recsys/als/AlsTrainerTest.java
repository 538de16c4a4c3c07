package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.als.data.Interactions;
import io.recsys.als.data.SyntheticData;
import io.recsys.als.eval.EvaluationReport;
import io.recsys.als.eval.Evaluator;
import io.recsys.als.eval.LeaveLastOutSplit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlsTrainerTest {
    private static Interactions data;

    @BeforeAll
    static void generate() {
        data = SyntheticData.ofShape(600, 400, 30_000).generate();
    }

    private static AlsHyperparameters small() {
        return AlsHyperparameters.builder().factors(16).iterations(8).threads(2).build();
    }

    @Test
    void fit_implicitLossDecreasesEverySweep() {
        List<IterationStats> stats = new ArrayList<>();
        new AlsTrainer(small()).fit(data, stats::add);
        assertThat(stats).hasSize(8);
        for (int i = 1; i < stats.size(); i++) {
            assertThat(stats.get(i).loss()).isLessThan(stats.get(i - 1).loss());
            assertThat(stats.get(i).elapsed()).isGreaterThanOrEqualTo(stats.get(i - 1).elapsed());
        }
        assertThat(stats.get(0).iteration()).isEqualTo(1);
    }

    @Test
    void fit_explicitLossDecreases() {
        List<IterationStats> stats = new ArrayList<>();
        new AlsTrainer(small().toBuilder().implicit(false).regularization(0.05).build()).fit(data, stats::add);
        assertThat(stats.get(stats.size() - 1).loss()).isLessThan(stats.get(0).loss());
        for (int i = 1; i < stats.size(); i++) {
            assertThat(stats.get(i).loss()).isLessThanOrEqualTo(stats.get(i - 1).loss() * (1 + 1e-6));
        }
    }

    @Test
    void fit_sameSeedSameFactorsBitForBitWhateverTheThreads() {
        AlsModel a = new AlsTrainer(small().toBuilder().threads(2).build()).fit(data);
        AlsModel b = new AlsTrainer(small().toBuilder().threads(2).build()).fit(data);
        AlsModel c = new AlsTrainer(small().toBuilder().threads(1).build()).fit(data);
        AlsModel e = new AlsTrainer(small().toBuilder().threads(5).build()).fit(data);
        assertThat(e.userFactors()).isEqualTo(a.userFactors());
        assertThat(e.itemFactors()).isEqualTo(a.itemFactors());
        assertThat(b.userFactors()).isEqualTo(a.userFactors());
        assertThat(b.itemFactors()).isEqualTo(a.itemFactors());
        assertThat(c.userFactors()).isEqualTo(a.userFactors());
        assertThat(c.itemFactors()).isEqualTo(a.itemFactors());
        AlsModel d = new AlsTrainer(small().toBuilder().seed(7).build()).fit(data);
        assertThat(d.userFactors()).isNotEqualTo(a.userFactors());
    }

    @Test
    void fit_beatsPopularityByAWideMarginOnSyntheticData() {
        var split = LeaveLastOutSplit.of(data);
        EvaluationReport pop = Evaluator.evaluate(Evaluator.popularity(split), split, 10);
        EvaluationReport als = Evaluator.evaluate(
                new AlsTrainer(small().toBuilder().factors(32).iterations(10).build()).fit(split.train()).toRecommender(), split, 10);
        assertThat(pop.hitRate()).isBetween(0.03, 0.25);
        assertThat(als.hitRate()).isGreaterThan(0.35).isGreaterThan(3 * pop.hitRate());
        assertThat(als.ndcg()).isGreaterThan(3 * pop.ndcg());
        assertThat(als.coverage()).isGreaterThan(pop.coverage());
    }

    @Test
    void fit_recordsHyperparametersHistoryAndSeenItems() {
        AlsModel model = new AlsTrainer(small().toBuilder().iterations(2).build()).fit(data);
        assertThat(model.hyperparameters()).contains(small().toBuilder().iterations(2).build());
        assertThat(model.history()).hasSize(2);
        assertThat(model.history().get(0).loss()).isNaN();
        assertThat(model.seen()).isPresent();
        assertThat(model.factors()).isEqualTo(16);
        long user = data.users().id(0);
        long item = data.items().id(data.byUser().column(0));
        float expected = 0;
        float[] u = model.userFactors();
        float[] v = model.itemFactors();
        for (int j = 0; j < 16; j++) {
            expected += u[j] * v[data.byUser().column(0) * 16 + j];
        }
        assertThat(model.score(user, item)).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5f));
    }
}
