package io.recsys.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A/A simulations of the fixed-horizon two-proportion z-test. */
class AaSimulationTest {

    /**
     * 4,000 A/A experiments, 2,000 users per arm, success rate 0.3 in both: the false-positive
     * rate at α = 0.05 must be 0.05 up to simulation error (SE 0.0034, so [0.04, 0.06] is ±2.9 SE).
     */
    @Test
    void zTestFalsePositiveRate_isNominal() {
        SplittableRandom random = new SplittableRandom(31337);
        int experiments = 4_000;
        int n = 2_000;
        int falsePositives = 0;
        long start = System.nanoTime();
        for (int e = 0; e < experiments; e++) {
            long sA = 0;
            long sB = 0;
            for (int i = 0; i < n; i++) {
                sA += random.nextDouble() < 0.3 ? 1 : 0;
                sB += random.nextDouble() < 0.3 ? 1 : 0;
            }
            if (TwoProportionZTest.test(sA, n, sB, n).pValue() < 0.05) {
                falsePositives++;
            }
        }
        double rate = (double) falsePositives / experiments;
        System.out.printf("A/A z-test FPR over %d experiments: %.4f (%d ms)%n", experiments, rate,
                (System.nanoTime() - start) / 1_000_000);
        assertThat(rate).isBetween(0.04, 0.06);
    }
}
