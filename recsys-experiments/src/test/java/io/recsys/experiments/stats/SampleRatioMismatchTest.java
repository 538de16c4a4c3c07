package io.recsys.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleRatioMismatchTest {

    @Test
    void fiftyOneFortyNineAtOneHundredThousand_fires() {
        // Rscript -e 'options(digits=15); r <- chisq.test(c(51000,49000), p=c(0.5,0.5));
        //   cat(r$statistic, r$p.value)'  -> 40 2.53962858947086e-10
        SampleRatioMismatch.Result r = SampleRatioMismatch.test(new long[] {51_000, 49_000}, new double[] {1, 1});
        assertThat(r.chiSquare()).isCloseTo(40.0, within(1e-9));
        assertThat(r.pValue()).isCloseTo(2.53962858947086e-10, within(1e-15));
        assertThat(r.mismatch()).isTrue();
    }

    @Test
    void smallImbalance_isBelowTheStrictThreshold() {
        // Rscript -e 'r <- chisq.test(c(5120,4880), p=c(0.5,0.5)); cat(r$statistic, r$p.value)'
        // -> 5.76 0.0163950718491923
        SampleRatioMismatch.Result r = SampleRatioMismatch.test(new long[] {5120, 4880}, new double[] {0.5, 0.5});
        assertThat(r.pValue()).isCloseTo(0.0163950718491923, within(1e-12));
        assertThat(r.mismatch()).isFalse();
    }

    @Test
    void threeVariantsUnequalSplit_matchesR() {
        // Rscript -e 'r <- chisq.test(c(1950,3100,4950), p=c(0.2,0.3,0.5)); cat(r$statistic, r$p.value)'
        // -> 5.08333333333333 0.0787350652668618
        SampleRatioMismatch.Result r = SampleRatioMismatch.test(new long[] {1950, 3100, 4950},
                new double[] {20, 30, 50});
        assertThat(r.chiSquare()).isCloseTo(5.08333333333333, within(1e-9));
        assertThat(r.degreesOfFreedom()).isEqualTo(2);
        assertThat(r.pValue()).isCloseTo(0.0787350652668618, within(1e-12));
    }

    @Test
    void trueFiftyFiftySplit_firesAboutOneInAThousand() {
        // 2,000 simulated experiments of 100,000 users each assigned by a fair coin.
        SplittableRandom random = new SplittableRandom(20240601L);
        int fired = 0;
        int experiments = 2_000;
        for (int e = 0; e < experiments; e++) {
            // 100,000 fair coins = 1,562 random longs (64 bits each) + 32 more bits
            long b = Integer.bitCount(random.nextInt());
            for (int w = 0; w < 1_562; w++) {
                b += Long.bitCount(random.nextLong());
            }
            if (SampleRatioMismatch.test(new long[] {100_000 - b, b}, new double[] {1, 1}).mismatch()) {
                fired++;
            }
        }
        System.out.printf("SRM alerts on %d true 50/50 splits of 100,000: %d%n", experiments, fired);
        // Expected 2 (= 0.001 * 2000); P(Binomial(2000, 0.001) > 7) < 0.0012.
        assertThat(fired).isLessThanOrEqualTo(7);
    }

    @Test
    void invalidInputs_areRejected() {
        assertThatThrownBy(() -> SampleRatioMismatch.test(new long[] {0, 0}, new double[] {1, 1}))
                .hasMessageContaining("no observations");
        assertThatThrownBy(() -> SampleRatioMismatch.test(new long[] {1, 2}, new double[] {1, 0}))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> SampleRatioMismatch.test(new long[] {1}, new double[] {1}))
                .hasMessageContaining("at least 2");
    }
}
