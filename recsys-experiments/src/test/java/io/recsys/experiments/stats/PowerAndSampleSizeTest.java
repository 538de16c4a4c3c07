package io.recsys.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values from R 4.2's {@code power.prop.test}, {@code power.t.test} and {@code pt}. */
class PowerAndSampleSizeTest {

    @Test
    void seedSampleSizeExample_isR_4724_not_2435() {
        // Rscript -e 'options(digits=15); cat(power.prop.test(p1=0.85, p2=0.87, sig.level=0.05,
        //   power=0.8)$n)'  -> 4723.84649814532
        SampleSize.Estimate e = SampleSize.twoProportions(0.85, 0.02, SampleSize.Effect.ABSOLUTE, 0.05, 0.8);
        assertThat(e.exact()).isCloseTo(4723.84649814532, within(1e-3));
        assertThat(e.perArm()).isEqualTo(4724);
    }

    @Test
    void relativeEffect_isAFractionOfTheBaseline() {
        // Rscript -e 'options(digits=15); cat(power.prop.test(p1=0.10, p2=0.11, sig.level=0.05,
        //   power=0.9)$n)'  -> 19746.6244757765
        SampleSize.Estimate e = SampleSize.twoProportions(0.10, 0.10, SampleSize.Effect.RELATIVE, 0.05, 0.9);
        assertThat(e.exact()).isCloseTo(19746.6244757765, within(1e-2));
        assertThat(e.perArm()).isEqualTo(19747);
    }

    @Test
    void proportionPower_matchesR() {
        // Rscript -e 'options(digits=15); cat(power.prop.test(n=1000, p1=0.10, p2=0.12,
        //   sig.level=0.05)$power)'  -> 0.297732131248228
        assertThat(Power.twoProportions(1000, 0.10, 0.12, 0.05)).isCloseTo(0.297732131248228, within(1e-9));
    }

    @Test
    void meansSampleSize_matchesR() {
        // Rscript -e 'options(digits=15); cat(power.t.test(delta=5, sd=20, sig.level=0.05,
        //   power=0.8, tol=1e-12)$n)'  -> 252.128116356971
        SampleSize.Estimate e = SampleSize.twoMeans(20, 5, 0.05, 0.8);
        assertThat(e.exact()).isCloseTo(252.128116356971, within(1e-5));
        assertThat(e.perArm()).isEqualTo(253);
        // Rscript -e 'options(digits=15); cat(power.t.test(delta=1, sd=1, sig.level=0.01,
        //   power=0.9, tol=1e-12)$n)'  -> 31.4624497981109
        assertThat(SampleSize.twoMeans(1, 1, 0.01, 0.9).exact()).isCloseTo(31.4624497981109, within(1e-5));
    }

    @Test
    void normalApproximation_isSlightlySmallerThanTheTTest() {
        SampleSize.Estimate z = SampleSize.twoMeansNormalApproximation(20, 5, 0.05, 0.8);
        // 2 * (1.959964 + 0.841621)^2 * 400 / 25 = 251.1642
        assertThat(z.exact()).isCloseTo(251.1642, within(1e-3));
        assertThat(z.exact()).isLessThan(SampleSize.twoMeans(20, 5, 0.05, 0.8).exact());
    }

    @Test
    void meansPower_matchesR() {
        // Rscript -e 'options(digits=15); cat(power.t.test(n=100, delta=5, sd=20, sig.level=0.05)$power,
        //   power.t.test(n=5, delta=2, sd=1.5, sig.level=0.05)$power)'
        // -> 0.420438329418917 0.458124972886694
        assertThat(Power.twoMeans(100, 20, 5, 0.05)).isCloseTo(0.420438329418917, within(1e-9));
        assertThat(Power.twoMeans(5, 1.5, 2, 0.05)).isCloseTo(0.458124972886694, within(1e-9));
    }

    @Test
    void noncentralT_matchesR() {
        // Rscript -e 'options(digits=15); cat(pt(2.5, df=7, ncp=1.3, lower.tail=FALSE),
        //   pt(1.97, df=198, ncp=2.2, lower.tail=FALSE))'  -> 0.176328177258181 0.591483945677057
        assertThat(Power.noncentralTSurvival(2.5, 7, 1.3)).isCloseTo(0.176328177258181, within(1e-9));
        assertThat(Power.noncentralTSurvival(1.97, 198, 2.2)).isCloseTo(0.591483945677057, within(1e-9));
    }

    @Test
    void invalidInputs_areRejected() {
        assertThatThrownBy(() -> SampleSize.twoProportions(0.99, 0.02, SampleSize.Effect.ABSOLUTE, 0.05, 0.8))
                .hasMessageContaining("outside (0, 1)");
        assertThatThrownBy(() -> SampleSize.twoProportions(0.5, 0.5, 0.05, 0.8))
                .hasMessageContaining("equal");
        assertThatThrownBy(() -> SampleSize.twoMeans(1, 0, 0.05, 0.8)).hasMessageContaining("non-zero");
    }
}
