package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.als.data.Interactions;
import io.recsys.als.data.SyntheticData;
import io.recsys.als.eval.Evaluator;
import io.recsys.als.eval.LeaveLastOutSplit;
import io.recsys.als.eval.TiesAgainstEvaluator;
import io.recsys.core.npy.Npy;
import io.recsys.core.Exclusions;
import io.recsys.core.InvalidArtifactException;
import io.recsys.core.ModelLoaders;
import io.recsys.core.ModelVersion;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.ScoredItem;
import io.recsys.core.VersionMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HybridRecommenderTest {
    private static final AlsHyperparameters ALS = AlsHyperparameters.builder().factors(8).iterations(4).threads(1).build();

    @TempDir
    Path tmp;

    /** Every user walks the same chain 1 -> 2 -> ... -> 30, starting at a user-specific point. */
    private static Interactions chains() {
        var b = Interactions.builder();
        for (int u = 0; u < 60; u++) {
            int first = 1 + u % 20;
            for (int step = 0; step < 8; step++) {
                b.add(u, first + step, 1f, 1_000L * step);
            }
        }
        return b.build();
    }

    @Test
    void recommend_followsTheLastItemAndExplainsWhichRecentItemsDroveIt() {
        Interactions data = chains();
        HybridRecommender rec = new HybridTrainer(ALS, SequenceHyperparameters.defaults()).fit(data).toRecommender();
        // user 3 watched 4..11: the next link of the chain is 12
        assertThat(rec.recommend(3, 1).get(0).itemId()).isEqualTo(12L);
        assertThat(rec.recentItems(3)).containsExactly(11L, 10L, 9L, 8L, 7L);
        assertThat(rec.drivers(3, 12).get(0).itemId()).isEqualTo(11L);
        assertThat(rec.drivers(3, 12)).extracting(ScoredItem::itemId).contains(10L);
        assertThat(rec.recommend(3, 10)).extracting(ScoredItem::itemId).doesNotContain(4L, 5L, 11L);
        assertThat(rec.recommend(3, 10, Exclusions.none())).isNotEmpty();
        assertThat(rec.recommend(12_345, 3)).hasSize(3); // unknown user: popular items
        assertThat(rec.drivers(12_345, 12)).isEmpty();
    }

    @Test
    void fit_isDeterministicAndIndependentOfTheThreadCount() {
        Interactions data = SyntheticData.ofShape(200, 150, 5_000).generate();
        var one = new HybridTrainer(ALS, SequenceHyperparameters.defaults()).fit(data).toRecommender();
        var three = new HybridTrainer(ALS.toBuilder().threads(3).build(), SequenceHyperparameters.defaults()).fit(data)
                .toRecommender();
        for (int u = 0; u < 200; u += 9) {
            long user = data.users().id(u);
            assertThat(three.recommend(user, 10)).isEqualTo(one.recommend(user, 10));
        }
    }

    @Test
    void artifacts_roundTripThroughTheDiscoveredLoader() throws IOException {
        Interactions data = SyntheticData.ofShape(120, 90, 2_500).generate();
        HybridModel model = new HybridTrainer(ALS, SequenceHyperparameters.builder().blend(0.3).build()).fit(data);
        Path dir = tmp.resolve("v0.1").resolve("als-seq");
        HybridArtifacts.write(dir, model, Map.of("hr@10", 0.5), Map.of());
        assertThat(dir.resolve("meta.json")).content().contains("\"type\" : \"als-seq\"").contains("\"blend\" : 0.3");
        var meta = new VersionMetadata("v0.1", "2024-01-01T00:00:00Z", "als-seq", "abc", "data", "", "test", "", 0,
                Map.of(), null);
        var version = new RegisteredVersion(new ModelVersion(0, 1), meta, dir.getParent(), dir);
        assertThat(ModelLoaders.discover().modelNames()).contains("als-seq");
        var loaded = (HybridRecommender) ModelLoaders.discover().load(version);
        var inMemory = model.toRecommender();
        for (int u = 0; u < data.userCount(); u += 5) {
            long user = data.users().id(u);
            assertThat(loaded.recommend(user, 10)).isEqualTo(inMemory.recommend(user, 10));
        }
        assertThat(loaded.hyperparameters()).isEqualTo(model.hyperparameters());

        Npy.write(dir.resolve(HybridArtifacts.TRANSITIONS_ITEMS), new int[] {1, 2}, 2);
        assertThatThrownBy(() -> HybridModelLoader.load(dir, loaded.info()))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("transitions");
        assertThatThrownBy(() -> AlsModelLoader.load(dir, loaded.info()))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("als-seq");
    }

    @Test
    void tiesAgainst_ranksAConstantScorerBehindEveryTie() {
        Interactions data = SyntheticData.ofShape(100, 80, 2_000).generate();
        var split = LeaveLastOutSplit.of(data);
        var rec = new HybridTrainer(ALS, SequenceHyperparameters.defaults()).fit(split.train()).toRecommender();
        ItemScores constant = new ItemScores() {
            @Override
            public int itemCount() {
                return rec.itemCount();
            }

            @Override
            public int itemIndex(long itemId) {
                return rec.itemIndex(itemId);
            }

            @Override
            public boolean scoreAll(long userId, float[] out) {
                java.util.Arrays.fill(out, 0, itemCount(), 1f);
                return true;
            }
        };
        assertThat(TiesAgainstEvaluator.evaluate(constant, split, 10).hitRate()).isZero();
        var tied = TiesAgainstEvaluator.evaluate(rec, split, 10);
        var ordered = Evaluator.evaluate(rec, split, 10);
        assertThat(tied.users()).isEqualTo(ordered.users());
        assertThat(tied.ndcg()).isLessThanOrEqualTo(ordered.ndcg() + 1e-12);
    }
}
