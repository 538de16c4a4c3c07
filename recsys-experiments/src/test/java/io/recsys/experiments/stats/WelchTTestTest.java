package io.recsys.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WelchTTestTest {

    private static final double[] A = {12.1, 15.3, 11.8, 14.2, 13.9, 16.5, 12.7, 13.3, 15.9, 14.4};
    private static final double[] B = {14.8, 17.2, 13.1, 18.9, 16.4, 15.5, 19.8, 14.1, 17.7, 16.0, 18.3, 15.2};

    @Test
    void samples_matchR() {
        // Rscript -e 'options(digits=15); a <- c(12.1,15.3,11.8,14.2,13.9,16.5,12.7,13.3,15.9,14.4);
        //   b <- c(14.8,17.2,13.1,18.9,16.4,15.5,19.8,14.1,17.7,16.0,18.3,15.2);
        //   r <- t.test(b, a, var.equal=FALSE); cat(r$statistic, r$parameter, r$p.value, r$conf.int)'
        // -> 3.13615683408228 19.938770152739 0.00521374770099677 0.805596484580545 4.00773684875279
        WelchTTest.Result r = WelchTTest.test(A, B);
        assertThat(r.tStatistic()).isCloseTo(3.13615683408228, within(1e-10));
        assertThat(r.degreesOfFreedom()).isCloseTo(19.938770152739, within(1e-9));
        assertThat(r.pValue()).isCloseTo(0.00521374770099677, within(1e-10));
        assertThat(r.ciLower()).isCloseTo(0.805596484580545, within(1e-9));
        assertThat(r.ciUpper()).isCloseTo(4.00773684875279, within(1e-9));
    }

    @Test
    void ninetyNinePercentInterval_matchesR() {
        // same data; r <- t.test(b, a, var.equal=FALSE, conf.level=0.99); cat(r$conf.int)
        // -> 0.22247611497332 4.59085721836002
        WelchTTest.Result r = WelchTTest.test(A, B, 0.99);
        assertThat(r.ciLower()).isCloseTo(0.22247611497332, within(1e-8));
        assertThat(r.ciUpper()).isCloseTo(4.59085721836002, within(1e-8));
    }

    @Test
    void summaryStatistics_giveTheSameAnswerAsSamples() {
        double meanA = WelchTTest.mean(A, 0.0);
        double meanB = WelchTTest.mean(B, 0.0);
        WelchTTest.Result fromSummary = WelchTTest.fromSummary(meanA, WelchTTest.variance(A, 0.0, meanA),
                A.length, meanB, WelchTTest.variance(B, 0.0, meanB), B.length, 0.95);
        assertThat(fromSummary.tStatistic()).isCloseTo(3.13615683408228, within(1e-10));
        assertThat(fromSummary.pValue()).isCloseTo(0.00521374770099677, within(1e-10));
    }

    @Test
    void constantEqualSamples_giveTZeroAndPOne() {
        WelchTTest.Result r = WelchTTest.test(new double[] {5, 5, 5}, new double[] {5, 5});
        assertThat(r.tStatistic()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @Test
    void degenerateInputs_areRejectedWithClearMessages() {
        assertThatThrownBy(() -> WelchTTest.test(new double[] {1, 1}, new double[] {2, 2}))
                .hasMessageContaining("zero variance");
        assertThatThrownBy(() -> WelchTTest.test(new double[] {1}, new double[] {2, 3}))
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> WelchTTest.test(new double[] {1, Double.NaN}, new double[] {2, 3}))
                .hasMessageContaining("not finite");
    }
}
