package io.recsys.als.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyntheticDataTest {

    @Test
    void generate_hasExactShapeAndIsDeterministic() {
        var gen = SyntheticData.ofShape(300, 200, 9_000);
        Interactions a = gen.generate();
        Interactions b = gen.generate();
        assertThat(a.userCount()).isEqualTo(300);
        assertThat(a.size()).isEqualTo(9_000);
        assertThat(a.itemCount()).isLessThanOrEqualTo(200);
        assertThat(a.hasTimestamps()).isTrue();
        assertThat(a.byUser().indices()).isEqualTo(b.byUser().indices());
        assertThat(a.byUser().values()).isEqualTo(b.byUser().values());
        assertThat(a.byUser().timestamps()).isEqualTo(b.byUser().timestamps());
        for (int u = 0; u < a.userCount(); u++) {
            assertThat(a.byUser().rowLength(u)).isGreaterThanOrEqualTo(2);
        }
        assertThat(gen.withSeed(7).generate().byUser().indices()).isNotEqualTo(a.byUser().indices());
    }

    @Test
    void generate_popularityIsSkewed() {
        Interactions data = SyntheticData.ofShape(500, 400, 20_000).generate();
        long[] counts = data.itemCounts();
        java.util.Arrays.sort(counts);
        long top = 0;
        for (int i = counts.length - 40; i < counts.length; i++) {
            top += counts[i];
        }
        // The 10 % most popular items hold more than twice their uniform share of the interactions.
        assertThat(top).isGreaterThan(20_000 / 5);
    }

    @Test
    void movieLens1m_hasTheDocumentedShape() {
        var d = SyntheticData.movieLens1m();
        assertThat(d.users()).isEqualTo(6_040);
        assertThat(d.items()).isEqualTo(3_706);
        assertThat(d.interactions()).isEqualTo(1_000_209);
    }

    @Test
    void constructor_rejectsImpossibleShapes() {
        assertThatThrownBy(() -> SyntheticData.ofShape(10, 5, 1_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
