package io.recsys.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reference values from R 4.2 ({@code r-base-core}, Debian 12). R's {@code prop.test} reports
 * X-squared = z² and the interval of p1 − p2 (A − B); ours is B − A, so its ends are negated and
 * swapped.
 */
class TwoProportionZTestTest {

    @Test
    void seedExample_matchesR() {
        // Rscript -e 'options(digits=15); r <- prop.test(c(2375,2400), c(2500,2500), correct=FALSE);
        //   cat(r$statistic, r$p.value, r$conf.int)'
        // -> 2.9086678301338 0.0881046223838723 -0.0214887999842912 0.00148879998429122
        TwoProportionZTest.Result r = TwoProportionZTest.test(2375, 2500, 2400, 2500);
        assertThat(r.zStatistic() * r.zStatistic()).isCloseTo(2.9086678301338, within(1e-10));
        assertThat(r.zStatistic()).isPositive().isCloseTo(1.70548, within(1e-5));
        assertThat(r.pValue()).isCloseTo(0.0881046223838723, within(1e-12));
        assertThat(r.ciLower()).isCloseTo(-0.00148879998429122, within(1e-12));
        assertThat(r.ciUpper()).isCloseTo(0.0214887999842912, within(1e-12));
        assertThat(r.delta()).isCloseTo(0.01, within(1e-15));
        assertThat(r.relativeLift()).isCloseTo(0.01 / 0.95, within(1e-12));
        assertThat(r.significantAt(0.05)).isFalse();
    }

    @Test
    void unequalArms_ninetyPercentInterval_matchesR() {
        // Rscript -e 'options(digits=15); r <- prop.test(c(120,150), c(1000,1100), correct=FALSE,
        //   conf.level=0.9); cat(r$statistic, r$p.value, r$conf.int)'
        // -> 1.25186289120715 0.263196973224863 -0.0403504505262661 0.00762317779899334
        TwoProportionZTest.Result r = TwoProportionZTest.test(120, 1000, 150, 1100, 0.90);
        assertThat(r.zStatistic() * r.zStatistic()).isCloseTo(1.25186289120715, within(1e-10));
        assertThat(r.pValue()).isCloseTo(0.263196973224863, within(1e-12));
        assertThat(r.ciLower()).isCloseTo(-0.00762317779899334, within(1e-12));
        assertThat(r.ciUpper()).isCloseTo(0.0403504505262661, within(1e-12));
    }

    @Test
    void negativeEffect_significant_matchesR() {
        // Rscript -e 'options(digits=15); r <- prop.test(c(1000,1100), c(10000,10000), correct=FALSE);
        //   cat(r$statistic, r$p.value, r$conf.int)'
        // -> 5.32056397978186 0.0210751892737977 -0.0184959408684879 -0.00150405913151212
        // Here A = 1100/10000 and B = 1000/10000, so B − A = −0.01.
        TwoProportionZTest.Result r = TwoProportionZTest.test(1100, 10000, 1000, 10000);
        assertThat(r.zStatistic()).isNegative();
        assertThat(r.zStatistic() * r.zStatistic()).isCloseTo(5.32056397978186, within(1e-10));
        assertThat(r.pValue()).isCloseTo(0.0210751892737977, within(1e-12));
        assertThat(r.ciLower()).isCloseTo(-0.0184959408684879, within(1e-12));
        assertThat(r.ciUpper()).isCloseTo(-0.00150405913151212, within(1e-12));
    }

    @Test
    void allSuccessesInBothArms_givesZeroAndPOne_notNaN() {
        TwoProportionZTest.Result r = TwoProportionZTest.test(500, 500, 800, 800);
        assertThat(r.zStatistic()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.ciLower()).isZero();
        assertThat(r.ciUpper()).isZero();
    }

    @Test
    void allFailuresInBothArms_hasNoRelativeLift() {
        TwoProportionZTest.Result r = TwoProportionZTest.test(0, 100, 0, 100);
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.relativeLift()).isNull();
    }

    @Test
    void oneArmAllSuccessesOtherAllFailures_isFinite() {
        TwoProportionZTest.Result r = TwoProportionZTest.test(0, 50, 50, 50);
        assertThat(r.zStatistic()).isCloseTo(10.0, within(1e-12)); // 1 / sqrt(0.25 * 0.04)
        assertThat(r.pValue()).isLessThan(1e-20);
        assertThat(r.ciLower()).isEqualTo(1.0);
        assertThat(r.ciUpper()).isEqualTo(1.0);
    }

    @Test
    void emptyArm_isRejectedWithAClearMessage() {
        assertThatThrownBy(() -> TwoProportionZTest.test(0, 0, 5, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arm A has no trials");
        assertThatThrownBy(() -> TwoProportionZTest.test(11, 10, 5, 10))
                .hasMessageContaining("successes must be in [0, n]");
        assertThatThrownBy(() -> TwoProportionZTest.test(1, 10, 5, 10, 1.0))
                .hasMessageContaining("confidenceLevel");
    }
}
