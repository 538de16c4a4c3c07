package io.recsys.experiments.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reference values from SciPy 1.17 / NumPy 2.4 ({@code src/test/resources/reference/ref_drift.py}):
 * {@code scipy.stats.entropy(p, q)} is KL(p‖q) in nats and
 * {@code scipy.spatial.distance.jensenshannon(p, q)**2} is the JS divergence in nats.
 */
class DivergenceTest {

    private static final double[] P = {0.1, 0.2, 0.3, 0.4};
    private static final double[] Q = {0.25, 0.25, 0.25, 0.25};

    @Test
    void fullBins_matchSciPy() {
        // python3 -c "import numpy as np; from scipy.stats import entropy;
        //   from scipy.spatial.distance import jensenshannon; p=np.array([.1,.2,.3,.4]); q=np.full(4,.25);
        //   print(np.sum((p-q)*np.log(p/q)), entropy(p,q), jensenshannon(p,q)**2)"
        // -> 0.22821740957339182 0.10644013528622315 0.02786561345727673
        assertThat(Divergence.psi(Q, P)).isCloseTo(0.22821740957339182, within(1e-6));
        assertThat(Divergence.kullbackLeibler(P, Q)).isCloseTo(0.10644013528622315, within(1e-6));
        assertThat(Divergence.jensenShannon(P, Q)).isCloseTo(0.02786561345727673, within(1e-12));
    }

    @Test
    void emptyBin_isSmoothedWithEpsilonAndRenormalised() {
        // p0 = [.5,.5,0], q0 = [.2,.3,.5]; smooth(x) = max(x,1e-4)/sum(max(x,1e-4))
        // -> PSI 4.634725957184924, JS (no smoothing) 0.21912752929191248
        double[] p0 = {0.5, 0.5, 0.0};
        double[] q0 = {0.2, 0.3, 0.5};
        assertThat(Divergence.psi(q0, p0)).isCloseTo(4.634725957184924, within(1e-9));
        assertThat(Divergence.jensenShannon(p0, q0)).isCloseTo(0.21912752929191248, within(1e-12));
        assertThat(Divergence.smooth(p0, 1e-4)).containsExactly(
                new double[] {0.5 / 1.0001, 0.5 / 1.0001, 1e-4 / 1.0001}, within(1e-15));
    }

    @Test
    void identicalDistributions_haveZeroDivergence_andJsIsBoundedByLn2() {
        assertThat(Divergence.psi(P, P)).isZero();
        assertThat(Divergence.kullbackLeibler(P, P)).isZero();
        assertThat(Divergence.jensenShannon(new double[] {1, 0}, new double[] {0, 1}))
                .isCloseTo(Math.log(2), within(1e-15));
    }

    @Test
    void bands() {
        assertThat(DriftBand.of(0.0999)).isEqualTo(DriftBand.STABLE);
        assertThat(DriftBand.of(0.1)).isEqualTo(DriftBand.MODERATE);
        assertThat(DriftBand.of(0.25)).isEqualTo(DriftBand.MODERATE);
        assertThat(DriftBand.of(0.2501)).isEqualTo(DriftBand.SIGNIFICANT);
        assertThatThrownBy(() -> DriftBand.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badInput_isRejected() {
        assertThatThrownBy(() -> Divergence.psi(P, new double[] {1, 0})).hasMessageContaining("bin counts");
        assertThatThrownBy(() -> Divergence.psi(new double[] {0, 0}, new double[] {1, 0}))
                .hasMessageContaining("sum to 0");
        assertThatThrownBy(() -> Divergence.psi(P, Q, 0.5)).hasMessageContaining("epsilon");
    }
}
