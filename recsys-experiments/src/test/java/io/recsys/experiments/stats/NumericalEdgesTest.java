package io.recsys.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Edges where the statistics once differed from R 4.2.2; every reference is an R command. */
class NumericalEdgesTest {

    @Test
    void zTestInterval_isClampedToMinusOneOne() {
        // Rscript -e 'options(digits=15); cat(suppressWarnings(prop.test(c(4,1),c(5,3),correct=FALSE))$conf.int)'
        // -> -0.171674298256323 1   (interval of 4/5 − 1/3, i.e. ours B − A with A = 1/3, B = 4/5)
        TwoProportionZTest.Result r = TwoProportionZTest.test(1, 3, 4, 5);
        assertThat(r.ciLower()).isCloseTo(-0.171674298256323, within(1e-12));
        assertThat(r.ciUpper()).isEqualTo(1.0);
        // The reverse: 4/5 vs 1/3 is clamped at −1.
        assertThat(TwoProportionZTest.test(4, 5, 1, 3).ciLower()).isEqualTo(-1.0);
    }

    @Test
    void srmPValue_keepsItsPrecisionFarBelowOneEMinus16() {
        // Rscript -e 'options(digits=15); r <- chisq.test(c(505000,495000), p=c(0.5,0.5)); cat(r$statistic, r$p.value)'
        // -> 100 1.52397060483211e-23
        SampleRatioMismatch.Result r = SampleRatioMismatch.test(new long[] {505_000, 495_000},
                new double[] {0.5, 0.5});
        assertThat(r.chiSquare()).isCloseTo(100.0, within(1e-9));
        assertThat(r.pValue()).isCloseTo(1.52397060483211e-23, within(1e-36));
        assertThat(r.pValue() / 1.52397060483211e-23).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void srm_withCountsNearLongMaxValue_doesNotOverflow() {
        SampleRatioMismatch.Result r = SampleRatioMismatch.test(
                new long[] {Long.MAX_VALUE, Long.MAX_VALUE}, new double[] {1, 1});
        assertThat(r.chiSquare()).isCloseTo(0.0, within(1e-9));
        assertThat(r.pValue()).isCloseTo(1.0, within(1e-9));
        SampleRatioMismatch.Result skew = SampleRatioMismatch.test(
                new long[] {Long.MAX_VALUE, Long.MAX_VALUE / 2}, new double[] {1, 1});
        assertThat(skew.chiSquare()).isPositive();
        assertThat(skew.mismatch()).isTrue();
    }

    @Test
    void powerOfTheTTest_isExactForSmallSizes() {
        // Rscript -e 'options(digits=15); cat(power.t.test(n=1.5, delta=1, sd=1)$power,
        //   pt(qt(0.975, 0.4), 0.4, ncp=sqrt(1.2/2)*3, lower.tail=FALSE),
        //   power.t.test(n=2, delta=3, sd=1)$power, power.t.test(n=2.5, delta=1, sd=1)$power)'
        // -> 0.0608734335543928 0.0807667129693781 0.387389350200811 0.124170873649584
        assertThat(Power.twoMeans(1.5, 1, 1, 0.05)).isCloseTo(0.0608734335543928, within(1e-9));
        assertThat(Power.twoMeans(1.2, 1, 3, 0.05)).isCloseTo(0.0807667129693781, within(1e-9));
        assertThat(Power.twoMeans(2, 1, 3, 0.05)).isCloseTo(0.387389350200811, within(1e-9));
        assertThat(Power.twoMeans(2.5, 1, 1, 0.05)).isCloseTo(0.124170873649584, within(1e-9));
    }

    @Test
    void powerOfTheTTest_refusesSizesWithoutDegreesOfFreedom() {
        assertThatThrownBy(() -> Power.twoMeans(1.0, 1, 1, 0.05))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("> 1");
        assertThatThrownBy(() -> Power.twoMeans(0.5, 1, 1, 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Power.twoMeans(Double.NaN, 1, 1, 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Power.twoMeans(Double.POSITIVE_INFINITY, 1, 1, 0.05))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sampleSizeOfTheTTest_isNotClampedAtTwo() {
        // Rscript -e 'options(digits=15); cat(power.t.test(delta=10, sd=1, power=0.8, tol=1e-12)$n)'
        // -> 1.67468583876076   (R's default tol prints 1.674686)
        SampleSize.Estimate e = SampleSize.twoMeans(1, 10, 0.05, 0.8);
        assertThat(e.exact()).isCloseTo(1.67468583876076, within(1e-6));
        assertThat(e.perArm()).isEqualTo(2);
    }

    @Test
    void welch_keepsItsPrecisionWithALargeCommonOffset() {
        // Exact rational arithmetic on the same doubles (python3, fractions.Fraction; see
        // src/test/resources/reference/welch_exact.py): t = 3.7331542102390194, df = 14.515245638969459.
        // R's t.test(b, a) gives t = 3.73315453586825 (3.3e-7 off: it sums without the shift).
        // Rscript -e 'options(digits=15); cat(2*pt(-3.7331542102390194, 14.515245638969459))' -> 0.00210337250773921
        double[] a = {1000000000.1, 1000000000.7, 1000000000.3, 1000000000.9, 1000000000.2, 1000000000.5,
            1000000000.8, 1000000000.4};
        double[] b = {1000000000.6, 1000000001.1, 1000000000.9, 1000000001.4, 1000000000.8, 1000000001.0,
            1000000001.3, 1000000000.7, 1000000001.2};
        WelchTTest.Result r = WelchTTest.test(a, b);
        assertThat(r.tStatistic()).isCloseTo(3.7331542102390194, within(1e-9));
        assertThat(r.degreesOfFreedom()).isCloseTo(14.515245638969459, within(1e-8));
        assertThat(r.pValue()).isCloseTo(0.00210337250773921, within(1e-9));
    }

    @Test
    void sequentialMonitor_refusesImpossibleAndDecreasingCounts() {
        MixtureSprt.Monitor zeroTrials = MixtureSprt.defaults().monitor();
        assertThatThrownBy(() -> zeroTrials.observe(5, 0, 1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("arm A");
        MixtureSprt.Monitor going = MixtureSprt.defaults().monitor();
        going.observe(10, 100, 12, 100);
        assertThatThrownBy(() -> going.observe(9, 110, 12, 110))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cumulative");
        assertThatThrownBy(() -> going.observe(10, 90, 12, 110))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cumulative");
    }

    @Test
    void holmAndBh_refuseNull() {
        assertThatThrownBy(() -> MultipleComparisons.holm(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> MultipleComparisons.benjaminiHochberg(null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleRatioMismatch.test(null, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
