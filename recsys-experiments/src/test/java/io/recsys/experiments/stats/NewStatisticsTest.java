package io.recsys.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Relative lift, one-sided and non-inferiority tests, MDE, k arms, Bayesian read-out, CUPED and
 * ratio metrics against R 4.2.2. The R commands are in src/test/resources/reference/new_stats.R;
 * each assertion names the line of its output.
 */
class NewStatisticsTest {

    private static final double[] A = {12.1, 15.3, 11.8, 14.2, 13.9, 16.5, 12.7, 13.3, 15.9, 14.4};
    private static final double[] B = {14.8, 17.2, 13.1, 18.9, 16.4, 15.5, 19.8, 14.1, 17.7, 16.0, 18.3, 15.2};

    @Test
    void relativeLift_deltaMethodAndFieller_matchR() {
        // mA <- 120/1000; vA <- mA*(1-mA)/1000; mB <- 150/1100; vB <- mB*(1-mB)/1100; z <- qnorm(0.975)
        // se <- sqrt(vB/mA^2 + mB^2*vA/mA^4); cat(mB/mA-1, mB/mA-1-z*se, mB/mA-1+z*se)
        // -> 0.136363636363636 -0.118466227571955 0.391193500299227
        RelativeLift.Result d = RelativeLift.ofProportions(120, 1000, 150, 1100, 0.95);
        assertThat(d.lift()).isCloseTo(0.136363636363636, within(1e-12));
        assertThat(d.ciLower()).isCloseTo(-0.118466227571955, within(1e-9));
        assertThat(d.ciUpper()).isCloseTo(0.391193500299227, within(1e-9));
        // den <- mA^2 - z^2*vA; disc <- sqrt(mA^2*vB + mB^2*vA - z^2*vA*vB)
        // cat((mA*mB - z*disc)/den - 1, (mA*mB + z*disc)/den - 1) -> -0.0912834712464856 0.429890949013561
        double mA = 0.12;
        double mB = 150.0 / 1100;
        RelativeLift.Result f = RelativeLift.fieller(mA, mA * (1 - mA) / 1000, mB, mB * (1 - mB) / 1100, 0.95);
        assertThat(f.bounded()).isTrue();
        assertThat(f.ciLower()).isCloseTo(-0.0912834712464856, within(1e-9));
        assertThat(f.ciUpper()).isCloseTo(0.429890949013561, within(1e-9));
        // A control mean indistinguishable from 0: the Fieller set is unbounded.
        assertThat(RelativeLift.fieller(0.01, 0.01, 1, 0.01, 0.95).bounded()).isFalse();
        assertThatThrownBy(() -> RelativeLift.ofProportions(0, 10, 1, 10, 0.95))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-zero");
    }

    @Test
    void oneSidedAndNonInferiority_matchR() {
        // r <- prop.test(c(150,120), c(1100,1000), alternative="greater", correct=FALSE); cat(r$p.value, r$conf.int[1])
        // -> 0.131598486612431 -0.00762317779899334
        OneSidedTest.Result sup = OneSidedTest.proportions(120, 1000, 150, 1100, 0, 0.95, Direction.HIGHER_IS_BETTER);
        assertThat(sup.pValue()).isCloseTo(0.131598486612431, within(1e-12));
        assertThat(sup.lowerBound()).isCloseTo(-0.00762317779899334, within(1e-12));
        assertThat(sup.rejected()).isFalse();
        // d <- 0.89-0.9; se <- sqrt(.9*.1/1000+.89*.11/1000); cat((d+0.02)/se, pnorm((d+0.02)/se, lower.tail=FALSE),
        //   d - qnorm(0.95)*se) -> 0.729519004308787 0.232842123574373 -0.0325470977073442
        OneSidedTest.Result ni = OneSidedTest.proportions(900, 1000, 890, 1000, 0.02, 0.95, Direction.HIGHER_IS_BETTER);
        assertThat(ni.statistic()).isCloseTo(0.729519004308787, within(1e-10));
        assertThat(ni.pValue()).isCloseTo(0.232842123574373, within(1e-10));
        assertThat(ni.lowerBound()).isCloseTo(-0.0325470977073442, within(1e-12));
        // An error rate (lower is better) going from 10% to 11% is the same test mirrored.
        OneSidedTest.Result err = OneSidedTest.proportions(100, 1000, 110, 1000, 0.02, 0.95, Direction.LOWER_IS_BETTER);
        assertThat(err.statistic()).isCloseTo(0.729519004308787, within(1e-10));
        // r <- t.test(bb, aa, alternative="greater", mu=-0.5); cat(r$statistic, r$parameter, r$p.value, r$conf.int[1])
        // -> 3.78771296304674 19.938770152739 0.000580126051459684 1.08293173209363
        OneSidedTest.Result means = OneSidedTest.means(A, B, 0.5, 0.95, Direction.HIGHER_IS_BETTER);
        assertThat(means.statistic()).isCloseTo(3.78771296304674, within(1e-10));
        assertThat(means.degreesOfFreedom()).isCloseTo(19.938770152739, within(1e-9));
        assertThat(means.pValue()).isCloseTo(0.000580126051459684, within(1e-10));
        assertThat(means.lowerBound()).isCloseTo(1.08293173209363, within(1e-8));
        assertThat(means.rejected()).isTrue();
        assertThatThrownBy(() -> OneSidedTest.proportions(1, 10, 1, 10, -0.1, 0.95, Direction.HIGHER_IS_BETTER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("margin");
    }

    @Test
    void minimumDetectableEffect_matchesR() {
        // cat(power.prop.test(n=5000, p1=0.1, power=0.8, tol=1e-12)$p2 - 0.1) -> 0.0174399148097978
        assertThat(MinimumDetectableEffect.twoProportions(0.1, 5000, 0.05, 0.8))
                .isCloseTo(0.0174399148097978, within(1e-9));
        // cat(power.t.test(n=100, sd=20, power=0.8, tol=1e-12)$delta) -> 7.96277249748583
        assertThat(MinimumDetectableEffect.twoMeans(20, 100, 0.05, 0.8)).isCloseTo(7.96277249748583, within(1e-7));
        assertThatThrownBy(() -> MinimumDetectableEffect.twoMeans(20, 1, 0.05, 0.8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MinimumDetectableEffect.twoProportions(0.1, 100, 0.05, 0.02))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha/2");
    }

    @Test
    void kArmsAgainstControl_withHolm_matchR() {
        // ps <- c(prop.test(c(120,100),c(1000,1000),correct=FALSE)$p.value, ... c(135,100) ..., ... c(98,100) ...)
        // cat(ps, p.adjust(ps, "holm"))
        // -> 0.152917781863946 0.015082400371377 0.880970516665117 0.305835563727891 0.045247201114131 0.880970516665117
        List<MultiArm.Comparison> c = MultiArm.versusControl(100, 1000, new long[] {120, 135, 98},
                new long[] {1000, 1000, 1000}, 0.05, 0.95);
        assertThat(c.get(0).test().pValue()).isCloseTo(0.152917781863946, within(1e-12));
        assertThat(c.get(1).holmAdjustedPValue()).isCloseTo(0.045247201114131, within(1e-12));
        assertThat(c.get(0).holmAdjustedPValue()).isCloseTo(0.305835563727891, within(1e-12));
        assertThat(c.get(2).holmAdjustedPValue()).isCloseTo(0.880970516665117, within(1e-12));
        assertThat(c).extracting(MultiArm.Comparison::significant).containsExactly(false, true, false);
        // Dunnett (normal form, unpooled z) with R's mvtnorm (r-cran-mvtnorm 1.1, Miwa's algorithm):
        // p0 <- 0.1; v0 <- p0*(1-p0)/1000; pa <- c(0.12, 0.135, 0.098); va <- pa*(1-pa)/1000
        // z <- (pa - p0)/sqrt(v0 + va); l <- sqrt(v0/(v0 + va)); S <- outer(l, l); diag(S) <- 1
        // sapply(abs(z), function(c) 1 - pmvnorm(lower=rep(-c,3), upper=rep(c,3), corr=S,
        //   algorithm=Miwa(steps=4096))[1])  -> 0.349762150701628 0.0406483666007462 0.997736858099086
        assertThat(c.get(0).dunnettAdjustedPValue()).isCloseTo(0.349762150701628, within(1e-9));
        assertThat(c.get(1).dunnettAdjustedPValue()).isCloseTo(0.0406483666007462, within(1e-9));
        assertThat(c.get(2).dunnettAdjustedPValue()).isCloseTo(0.997736858099086, within(1e-9));
        // One arm: Dunnett is the unadjusted two-sided p of the unpooled z.
        // cat(2*pnorm(-abs((0.12-0.1)/sqrt(0.1*0.9/1000+0.12*0.88/1000)))) -> 0.152708010193878
        List<MultiArm.Comparison> one = MultiArm.versusControl(100, 1000, new long[] {120},
                new long[] {1000}, 0.05, 0.95);
        assertThat(one.get(0).dunnettAdjustedPValue()).isCloseTo(0.152708010193878, within(1e-9));
    }

    @Test
    void bayesianReadout_matchesRIntegrals() {
        // aA <- 121; bA <- 881; aB <- 151; bB <- 951
        // integrate(function(x) dbeta(x,aA,bA)*pbeta(x,aB,bB,lower.tail=FALSE), 0, 1, rel.tol=1e-12) -> 0.867568552122105
        // loss of B: nested integrate of (x - y)^+ over both posteriors -> 0.000977514870400913; of A -> 0.0172426253028935
        BayesianReadout.Result r = BayesianReadout.proportions(120, 1000, 150, 1100);
        assertThat(r.method()).isEqualTo("beta_binomial");
        assertThat(r.probabilityBBeatsA()).isCloseTo(0.867568552122105, within(1e-8));
        assertThat(r.expectedLossB()).isCloseTo(0.000977514870400913, within(1e-9));
        assertThat(r.expectedLossA()).isCloseTo(0.0172426253028935, within(1e-9));
        // d <- 0.3; se <- 0.2; cat(pnorm(d/se), se*dnorm(d/se) - d*pnorm(-d/se), se*dnorm(d/se) + d*pnorm(d/se))
        // -> 0.933192798731142 0.00586135875252093 0.305861358752521
        BayesianReadout.Result n = BayesianReadout.normalApproximation(0.3, 0.2);
        assertThat(n.probabilityBBeatsA()).isCloseTo(0.933192798731142, within(1e-12));
        assertThat(n.expectedLossB()).isCloseTo(0.00586135875252093, within(1e-12));
        assertThat(n.expectedLossA()).isCloseTo(0.305861358752521, within(1e-12));
    }

    @Test
    void cuped_matchesR() {
        // theta <- cov(y, x)/var(x); r1 <- t.test(yb - theta*(xb-mx), ya - theta*(xa-mx)) (see new_stats.R)
        // -> theta 0.912161051766639 vr 0.917311858527128 unadjusted t 1.6041416145266 p 0.125610012893387
        //    adjusted delta 0.384478150444462 t 5.16777118520445 df 15.3840738376155 p 0.000105787100607054
        //    ci 0.226244087573998 0.542712213314926
        double[] ya = {5.1, 6.3, 4.8, 7.2, 5.9, 6.6, 4.4, 5.5, 6.1, 5.0};
        double[] xa = {4.9, 6.0, 4.5, 7.0, 5.5, 6.9, 4.0, 5.2, 6.3, 4.6};
        double[] yb = {5.8, 6.9, 5.2, 7.9, 6.4, 6.8, 5.3, 6.0, 7.1, 5.6, 6.2};
        double[] xb = {5.0, 6.4, 4.6, 7.3, 5.9, 6.1, 4.8, 5.3, 6.8, 5.1, 5.7};
        Cuped.Result r = Cuped.test(ya, xa, yb, xb, 0.95);
        assertThat(r.theta()).isCloseTo(0.912161051766639, within(1e-12));
        assertThat(r.varianceReduction()).isCloseTo(0.917311858527128, within(1e-12));
        assertThat(r.unadjusted().tStatistic()).isCloseTo(1.6041416145266, within(1e-10));
        assertThat(r.unadjusted().pValue()).isCloseTo(0.125610012893387, within(1e-10));
        assertThat(r.adjusted().delta()).isCloseTo(0.384478150444462, within(1e-12));
        assertThat(r.adjusted().tStatistic()).isCloseTo(5.16777118520445, within(1e-10));
        assertThat(r.adjusted().degreesOfFreedom()).isCloseTo(15.3840738376155, within(1e-9));
        assertThat(r.adjusted().pValue()).isCloseTo(0.000105787100607054, within(1e-12));
        assertThat(r.adjusted().ciLower()).isCloseTo(0.226244087573998, within(1e-10));
        assertThat(r.adjusted().ciUpper()).isCloseTo(0.542712213314926, within(1e-10));
        assertThatThrownBy(() -> Cuped.test(ya, xb, yb, xb, 0.95)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ratioMetric_deltaMethod_matchesR() {
        // dm <- function(n, d) { R <- sum(n)/sum(d); k <- length(n); mn <- mean(n); md <- mean(d);
        //   v <- (var(n)/md^2 - 2*mn*cov(n,d)/md^3 + mn^2*var(d)/md^4)/k; c(R, v) }  (see new_stats.R)
        // -> RA 0.303571428571429 VA 0.00221215490569405 RB 0.461538461538462 VB 0.000567207030566157
        //    z 2.99635943067264 p 0.002732241753225 ci 0.0546384095079533 0.261295656426113
        RatioMetric.Estimate a = RatioMetric.estimate(new double[] {3, 0, 5, 2, 1, 4, 0, 2},
                new double[] {10, 4, 12, 6, 5, 9, 3, 7});
        RatioMetric.Estimate b = RatioMetric.estimate(new double[] {4, 2, 6, 3, 1, 5, 2, 3, 4},
                new double[] {9, 5, 11, 6, 4, 10, 5, 7, 8});
        assertThat(a.ratio()).isCloseTo(0.303571428571429, within(1e-12));
        assertThat(a.variance()).isCloseTo(0.00221215490569405, within(1e-14));
        assertThat(b.variance()).isCloseTo(0.000567207030566157, within(1e-14));
        RatioMetric.Comparison c = RatioMetric.compare(a, b, 0.95);
        assertThat(c.zStatistic()).isCloseTo(2.99635943067264, within(1e-10));
        assertThat(c.pValue()).isCloseTo(0.002732241753225, within(1e-12));
        assertThat(c.ciLower()).isCloseTo(0.0546384095079533, within(1e-12));
        assertThat(c.ciUpper()).isCloseTo(0.261295656426113, within(1e-12));
    }

    @Test
    void srmOverThreeArms_usesTheUpperGamma() {
        // r <- chisq.test(c(3400,3300,3300), p=c(1,1,1)/3); cat(r$statistic, r$p.value) -> 2 0.367879441171442
        SampleRatioMismatch.Result r = SampleRatioMismatch.test(new long[] {3400, 3300, 3300}, new double[] {1, 1, 1});
        assertThat(r.chiSquare()).isCloseTo(2.0, within(1e-10));
        assertThat(r.pValue()).isCloseTo(0.367879441171442, within(1e-12));
    }
}
