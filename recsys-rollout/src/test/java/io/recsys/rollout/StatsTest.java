package io.recsys.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void chiSquare2x2_matchesHandComputedValue() {
        // Rows (10, 20), (30, 40): N = 100, expected (12, 18), (28, 42);
        // chi2 = 4/12 + 4/18 + 4/28 + 4/42 = 0.79365...
        assertThat(Stats.chiSquare2x2(new long[][] {{10, 20}, {30, 40}})).isCloseTo(0.7936507936, within(1e-9));
    }

    @Test
    void chiSquare2x2_isZeroForAnExactlyIndependentTable() {
        assertThat(Stats.chiSquare2x2(new long[][] {{25, 25}, {25, 25}})).isZero();
    }

    @Test
    void chiSquare2x2_isNForPerfectAssociation() {
        assertThat(Stats.chiSquare2x2(new long[][] {{500, 0}, {0, 500}})).isCloseTo(1000.0, within(1e-9));
    }
}
