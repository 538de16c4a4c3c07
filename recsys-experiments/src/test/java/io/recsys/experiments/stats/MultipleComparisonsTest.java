package io.recsys.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MultipleComparisonsTest {

    private static final double[] P = {0.01, 0.04, 0.03, 0.005, 0.20, 0.04};

    @Test
    void holm_matchesR() {
        // Rscript -e 'cat(p.adjust(c(0.01,0.04,0.03,0.005,0.20,0.04), "holm"))'
        // -> 0.05 0.12 0.12 0.03 0.2 0.12
        assertThat(MultipleComparisons.holm(P))
                .containsExactly(new double[] {0.05, 0.12, 0.12, 0.03, 0.2, 0.12}, within(1e-12));
    }

    @Test
    void benjaminiHochberg_matchesR() {
        // Rscript -e 'cat(p.adjust(c(0.01,0.04,0.03,0.005,0.20,0.04), "BH"))'
        // -> 0.03 0.048 0.048 0.03 0.2 0.048
        assertThat(MultipleComparisons.benjaminiHochberg(P))
                .containsExactly(new double[] {0.03, 0.048, 0.048, 0.03, 0.2, 0.048}, within(1e-12));
    }

    @Test
    void adjustedValuesAreCappedAtOne_andInputIsUntouched() {
        double[] p = {0.6, 0.9};
        assertThat(MultipleComparisons.holm(p)).containsExactly(1.0, 1.0);
        assertThat(p).containsExactly(0.6, 0.9);
        assertThat(MultipleComparisons.benjaminiHochberg(new double[0])).isEmpty();
        assertThatThrownBy(() -> MultipleComparisons.holm(new double[] {Double.NaN}))
                .hasMessageContaining("[0, 1]");
    }
}
