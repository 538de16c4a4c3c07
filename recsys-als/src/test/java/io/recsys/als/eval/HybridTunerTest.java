package io.recsys.als.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.als.AlsHyperparameters;
import io.recsys.als.SequenceHyperparameters;
import io.recsys.als.data.Interactions;
import io.recsys.als.data.SyntheticData;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HybridTunerTest {

    @Test
    void grids_leaveOutTheStartAndShuffleByTheSeedOnly() {
        var base = AlsHyperparameters.builder().threads(1).build();
        assertThat(HybridTuner.alsGrid(base)).doesNotContain(base).hasSize(3 * 3 * 3 * 4 - 1)
                .isEqualTo(HybridTuner.alsGrid(base));
        assertThat(HybridTuner.alsGrid(base.toBuilder().seed(7).build()))
                .isNotEqualTo(HybridTuner.alsGrid(base).stream().map(h -> h.toBuilder().seed(7).build()).toList());
        var seq = SequenceHyperparameters.defaults();
        assertThat(HybridTuner.sequenceGrid(seq)).doesNotContain(seq).hasSize(4 * 3 * 4 - 1);
    }

    @Test
    void tune_scoresTheStartFirstAndNeverReturnsSomethingWorseOnValidation() {
        Interactions train = SyntheticData.ofShape(120, 80, 3_000).generate();
        var als = AlsHyperparameters.builder().factors(8).iterations(2).threads(1).build();
        var r = HybridTuner.tune(train, als, SequenceHyperparameters.defaults(), Duration.ofMinutes(10), 4, 10);
        assertThat(r.trials()).isEqualTo(4);
        assertThat(r.validationNdcg()).isGreaterThanOrEqualTo(r.baselineNdcg());
        assertThat(r.validationUsers()).isEqualTo(120);
        var again = HybridTuner.tune(train, als, SequenceHyperparameters.defaults(), Duration.ofMinutes(10), 4, 10);
        assertThat(again.als()).isEqualTo(r.als());
        assertThat(again.sequence()).isEqualTo(r.sequence());
        // A budget too small for any candidate still scores the start.
        var start = HybridTuner.tune(train, als, SequenceHyperparameters.defaults(), Duration.ofNanos(1), 100, 10);
        assertThat(start.trials()).isEqualTo(1);
        assertThat(start.als()).isEqualTo(als);
    }

    @Test
    void tune_needsTimestamps() {
        var b = Interactions.builder();
        for (int u = 0; u < 5; u++) {
            b.add(u, 1, 1f).add(u, 2, 1f);
        }
        var als = AlsHyperparameters.builder().factors(4).iterations(1).threads(1).build();
        assertThatThrownBy(() -> HybridTuner.tune(b.build(), als, SequenceHyperparameters.defaults(), Duration.ofSeconds(1),
                2, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamps");
    }
}
