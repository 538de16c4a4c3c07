package io.recsys.experiments.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Numeric and categorical reference bins against NumPy/SciPy
 * ({@code python3 src/test/resources/reference/ref_drift.py}): {@code np.quantile} (linear,
 * type 7) deciles as edges, {@code np.searchsorted(edges, x, side='left')} as right-closed bins.
 */
class ReferenceTest {

    static double[] reference() {
        double[] ref = new double[2000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = (i * 7919L % 1000) / 10.0;
        }
        return ref;
    }

    static double[] current() {
        double[] cur = new double[1500];
        for (int i = 0; i < cur.length; i++) {
            if (i % 20 == 0) {
                cur[i] = Double.NaN;
            } else if (i % 50 == 1) {
                cur[i] = 500.0;
            } else {
                double c = (i * 104729L % 1000) / 10.0;
                cur[i] = c * c / 100.0;
            }
        }
        return cur;
    }

    @Test
    void numericDrift_matchesNumPyAndSciPy() {
        NumericReference ref = NumericReference.of(reference(), 10);
        assertThat(ref.edges()).containsExactly(new double[] {9.99, 19.98, 29.97, 39.96, 49.95, 59.94,
                69.93, 79.92, 89.91}, within(1e-9));
        assertThat(ref.referenceProportions()).containsOnly(0.1);
        assertThat(ref.lowerFence()).isCloseTo(-49.95, within(1e-9));
        assertThat(ref.upperFence()).isCloseTo(149.85, within(1e-9));

        DriftReport report = ref.compare(current(), 50);
        // -> psi 0.35681926669535585, kl(cur||ref) 0.1964023732986042, js 0.04291740709100224,
        //    missing 0.05, outlier 0.021052631578947368
        assertThat(report.psi()).isCloseTo(0.35681926669535585, within(1e-12));
        assertThat(report.kl()).isCloseTo(0.1964023732986042, within(1e-12));
        assertThat(report.jensenShannon()).isCloseTo(0.04291740709100224, within(1e-12));
        assertThat(report.missingRatio()).isCloseTo(0.05, within(1e-15));
        assertThat(report.outlierFraction()).isCloseTo(0.021052631578947368, within(1e-15));
        assertThat(report.band()).isEqualTo(DriftBand.SIGNIFICANT);
        assertThat(report.observations()).isEqualTo(1500);
        assertThat(report.reason()).isNull();
    }

    @Test
    void sameDistribution_isStable() {
        NumericReference ref = NumericReference.of(reference(), 10);
        DriftReport report = ref.compare(reference(), 50);
        assertThat(report.psi()).isZero();
        assertThat(report.band()).isEqualTo(DriftBand.STABLE);
        assertThat(report.outlierFraction()).isZero();
    }

    @Test
    void tiedReference_getsFewerBins_withItsRealShares() {
        double[] counts = new double[100];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = i < 70 ? 1 : 2 + i % 3; // 70% of users have exactly one interaction
        }
        NumericReference ref = NumericReference.of(counts, 10);
        assertThat(ref.bins()).isLessThan(10);
        assertThat(ref.referenceProportions()[0]).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void tooFewValues_giveNullsWithAReason() {
        NumericReference ref = NumericReference.of(reference(), 10);
        DriftReport report = ref.compare(new double[] {Double.NaN, 1.0, 2.0}, 50);
        assertThat(report.psi()).isNull();
        assertThat(report.kl()).isNull();
        assertThat(report.missingRatio()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(report.reason()).contains("needs at least 50");
        assertThat(ref.compare(new double[0], 1).missingRatio()).isNull();
    }

    @Test
    void categoricalDrift_matchesNumPyAndSciPy() {
        long[] ref = new long[1000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = (long) i * i % 23;
        }
        long[] cur = new long[800];
        for (int i = 0; i < cur.length; i++) {
            cur[i] = (long) i * i * i % 29;
        }
        CategoricalReference reference = CategoricalReference.of(ref, 10);
        // -> top [1, 2, 3, 4, 8, 9, 12, 13, 16, 18]; psi 1.3347682504394371,
        //    kl 0.7401481626076316, js 0.154531220501627
        assertThat(reference.categories()).containsExactly(1, 2, 3, 4, 8, 9, 12, 13, 16, 18);
        assertThat(reference.bin(28)).isEqualTo(10); // unseen id -> "other"
        DriftReport report = reference.compare(cur, 0, 50);
        assertThat(report.psi()).isCloseTo(1.3347682504394371, within(1e-12));
        assertThat(report.kl()).isCloseTo(0.7401481626076316, within(1e-12));
        assertThat(report.jensenShannon()).isCloseTo(0.154531220501627, within(1e-12));
        assertThat(report.outlierFraction()).isNull();
    }

    @Test
    void badReferences_areRejected() {
        assertThatThrownBy(() -> NumericReference.of(new double[] {1.0, Double.NaN}, 10))
                .hasMessageContaining("at least 2 non-missing");
        assertThatThrownBy(() -> NumericReference.of(new double[] {1, 2}, 1)).hasMessageContaining("bins");
        assertThatThrownBy(() -> CategoricalReference.of(new long[0], 5)).hasMessageContaining("at least one id");
    }
}
