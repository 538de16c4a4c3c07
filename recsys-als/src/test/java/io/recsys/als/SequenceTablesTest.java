package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.als.data.Interactions;
import org.junit.jupiter.api.Test;

class SequenceTablesTest {

    @Test
    void build_countsSuccessorsWithinTheWindowByTimeThenItemIdAndKeepsTheLatestItems() {
        // user 1 watches 30, 10, 20 (in time); user 2 watches 30 then 20 and 40 in the same second.
        var data = Interactions.builder()
                .add(1, 10, 1f, 200).add(1, 20, 1f, 300).add(1, 30, 1f, 100)
                .add(2, 30, 1f, 100).add(2, 40, 1f, 500).add(2, 20, 1f, 500)
                .build();
        var t = SequenceTables.build(data, SequenceHyperparameters.builder().window(2).successors(10).recentItems(2).build());
        // item indices: 10 -> 0, 20 -> 1, 30 -> 2, 40 -> 3
        // sequences: u1 = 2, 0, 1; u2 = 2, 1, 3 (20 before 40: same second, smaller id first)
        // pairs of 30 (index 2): 0 at d1, 1 at d2 (u1); 1 at d1, 3 at d2 (u2): 1 -> 1.5, 0 -> 1, 3 -> 0.5; total 3
        int[] ptr = t.transitionIndptr();
        assertThat(java.util.Arrays.copyOfRange(t.transitionItems(), ptr[2], ptr[3])).containsExactly(1, 0, 3);
        assertThat(java.util.Arrays.copyOfRange(t.transitionWeights(), ptr[2], ptr[3]))
                .containsExactly(0.5f, 1f / 3, 0.5f / 3);
        assertThat(ptr[4] - ptr[3]).isZero(); // 40 is never followed
        assertThat(t.recentIndptr()).containsExactly(0, 2, 4);
        assertThat(t.recentItems()).containsExactly(0, 1, 1, 3);
    }

    @Test
    void build_keepsOnlyTheTopSuccessorsSoMemoryIsLinearInTheCatalogue() {
        var b = Interactions.builder();
        for (int u = 0; u < 50; u++) {
            for (int i = 0; i < 20; i++) {
                b.add(u, (i * 7 + u) % 20, 1f, i);
            }
        }
        var t = SequenceTables.build(b.build(), SequenceHyperparameters.builder().window(5).successors(3).build());
        for (int a = 0; a < t.itemCount(); a++) {
            assertThat(t.transitionIndptr()[a + 1] - t.transitionIndptr()[a]).isLessThanOrEqualTo(3);
        }
    }
}
