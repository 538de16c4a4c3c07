package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.recsys.als.data.Interactions;
import io.recsys.als.data.SyntheticData;
import org.junit.jupiter.api.Test;

class RecencyWeightsTest {

    @Test
    void position_countsFromTheUsersLatestInteractionWithTiesByItemId() {
        var data = Interactions.builder()
                .add(1, 10, 5f, 100).add(1, 20, 4f, 300).add(1, 30, 3f, 200).add(1, 40, 3f, 300)
                .add(2, 10, 1f, 50)
                .build();
        float[] w = RecencyWeights.byUser(data.byUser(), RecencyRule.POSITION, 1.0);
        // user 1 in time order: 10 (t100), 30 (t200), 20 (t300), 40 (t300, larger id, so last)
        assertThat(w[0]).isEqualTo(0.125f); // item 10, 3 from the end
        assertThat(w[1]).isEqualTo(0.5f);   // item 20
        assertThat(w[2]).isEqualTo(0.25f);  // item 30
        assertThat(w[3]).isEqualTo(1f);     // item 40
        assertThat(w[4]).isEqualTo(1f);     // user 2's only item
    }

    @Test
    void ageDays_halvesPerHalfLifeOfDaysBeforeTheLatest() {
        var data = Interactions.builder()
                .add(1, 10, 5f, 0).add(1, 20, 4f, 86_400L * 2).add(1, 30, 3f, 86_400L * 4)
                .build();
        float[] w = RecencyWeights.byUser(data.byUser(), RecencyRule.AGE_DAYS, 2.0);
        assertThat(w[0]).isCloseTo(0.25f, within(1e-6f));
        assertThat(w[1]).isCloseTo(0.5f, within(1e-6f));
        assertThat(w[2]).isEqualTo(1f);
    }

    @Test
    void ageDays_withoutTimestampsIsATypedError() {
        var data = Interactions.builder().add(1, 10, 5f).add(1, 20, 4f).build();
        assertThatThrownBy(() -> RecencyWeights.byUser(data.byUser(), RecencyRule.AGE_DAYS, 2.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamps");
    }

    @Test
    void position_withoutTimestampsDiscountsNothing() {
        var data = Interactions.builder().add(1, 10, 5f).add(1, 20, 4f).build();
        assertThat(RecencyWeights.byUser(data.byUser(), RecencyRule.POSITION, 1.0)).containsExactly(1f, 1f);
    }

    @Test
    void byItem_followsTheTransposeEntryOrder() {
        var data = SyntheticData.ofShape(50, 30, 600).generate();
        float[] byUser = RecencyWeights.byUser(data.byUser(), RecencyRule.POSITION, 2.0);
        float[] byItem = RecencyWeights.byItem(data.byUser(), byUser);
        var t = data.byItem();
        var m = data.byUser();
        for (int item = 0; item < t.rows(); item++) {
            for (int p = t.start(item); p < t.end(item); p++) {
                int user = t.column(p);
                int q = m.start(user);
                while (m.column(q) != item) {
                    q++;
                }
                assertThat(byItem[p]).isEqualTo(byUser[q]);
            }
        }
    }

    @Test
    void fit_withRecencyIsDeterministicThreadIndependentAndDiffersFromPlain() {
        var data = SyntheticData.ofShape(300, 200, 9_000).generate();
        var hp = AlsHyperparameters.builder().factors(8).iterations(4).recency(RecencyRule.POSITION)
                .recencyHalfLife(3).threads(1).build();
        AlsModel a = new AlsTrainer(hp).fit(data);
        AlsModel b = new AlsTrainer(hp.toBuilder().threads(3).build()).fit(data);
        AlsModel plain = new AlsTrainer(hp.toBuilder().recency(RecencyRule.NONE).build()).fit(data);
        assertThat(b.userFactors()).isEqualTo(a.userFactors());
        assertThat(b.itemFactors()).isEqualTo(a.itemFactors());
        assertThat(plain.userFactors()).isNotEqualTo(a.userFactors());
    }
}
