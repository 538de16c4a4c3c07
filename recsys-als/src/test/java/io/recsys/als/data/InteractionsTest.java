package io.recsys.als.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InteractionsTest {

    @Test
    void build_indexesIdsAscendingAndSortsRows() {
        var data = Interactions.builder()
                .add(30, 7, 1f, 10)
                .add(10, 9, 2f, 11)
                .add(10, 7, 3f, 12)
                .add(20, 8, 4f, 13)
                .build();
        assertThat(data.users().ids()).containsExactly(10, 20, 30);
        assertThat(data.items().ids()).containsExactly(7, 8, 9);
        CsrMatrix m = data.byUser();
        assertThat(m.indptr()).containsExactly(0, 2, 3, 4);
        assertThat(m.indices()).containsExactly(0, 2, 1, 0);
        assertThat(m.values()).containsExactly(3f, 2f, 4f, 1f);
        assertThat(m.timestamps()).containsExactly(12, 11, 13, 10);
        assertThat(data.itemCounts()).containsExactly(2, 1, 1);
    }

    @Test
    void build_duplicatePairKeepsLatest() {
        var data = Interactions.builder()
                .add(1, 5, 1f, 300)
                .add(1, 5, 2f, 100)
                .add(1, 5, 3f, 300)
                .add(1, 6, 4f, 1)
                .build();
        assertThat(data.size()).isEqualTo(2);
        assertThat(data.duplicatesMerged()).isEqualTo(2);
        assertThat(data.byUser().value(0)).isEqualTo(3f);
        assertThat(data.byUser().timestamp(0)).isEqualTo(300);
    }

    @Test
    void build_withoutTimestampsLastRowWins() {
        var data = Interactions.builder().add(1, 5, 1f).add(1, 5, 2f).build();
        assertThat(data.hasTimestamps()).isFalse();
        assertThat(data.byUser().value(0)).isEqualTo(2f);
        assertThatThrownBy(() -> data.byUser().timestamp(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void byItem_isTheTranspose() {
        var data = Interactions.builder()
                .add(1, 1, 1f, 1).add(1, 3, 2f, 2).add(2, 1, 3f, 3).add(3, 2, 4f, 4).add(3, 3, 5f, 5)
                .build();
        CsrMatrix t = data.byItem();
        assertThat(t.rows()).isEqualTo(3);
        assertThat(t.indptr()).containsExactly(0, 2, 3, 5);
        assertThat(t.indices()).containsExactly(0, 1, 2, 0, 2);
        assertThat(t.values()).containsExactly(1f, 3f, 4f, 2f, 5f);
        assertThat(t.timestamps()).containsExactly(1, 3, 4, 2, 5);
        CsrMatrix back = t.transpose();
        assertThat(back.indptr()).isEqualTo(data.byUser().indptr());
        assertThat(back.indices()).isEqualTo(data.byUser().indices());
        assertThat(back.values()).isEqualTo(data.byUser().values());
    }

    @Test
    void idIndex_mapsBothWaysAndRejectsDuplicates() {
        IdIndex index = IdIndex.of(42, -7, 1L << 40);
        assertThat(index.indexOf(-7)).isEqualTo(1);
        assertThat(index.indexOf(1L << 40)).isEqualTo(2);
        assertThat(index.indexOf(5)).isEqualTo(-1);
        assertThat(index.id(0)).isEqualTo(42);
        assertThatThrownBy(() -> IdIndex.of(1, 2, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void csrOf_rejectsUnsortedColumns() {
        assertThatThrownBy(() -> CsrMatrix.of(1, 3, new int[] {0, 2}, new int[] {2, 1}, new float[2], null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
