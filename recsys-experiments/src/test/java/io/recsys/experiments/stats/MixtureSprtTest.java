package io.recsys.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixtureSprtTest {

    @Test
    void look_matchesTheClosedForm() {
        // p̂A = 0.10, p̂B = 0.12, nA = nB = 5000; V = (0.09 + 0.1056) / 5000 = 3.912e-5, τ² = 1e-4:
        // ln Λ = ½ ln(V/(V+τ²)) + δ²τ²/(2V(V+τ²))
        //      = ½ ln(3.912e-5/1.3912e-4) + 4e-4·1e-4/(2·3.912e-5·1.3912e-4)
        //      = 3.040515104601562   (python3 -c "import math; V=(0.1*0.9+0.12*0.88)/5000; t=1e-4;
        //        print(0.5*math.log(V/(V+t)) + (0.02**2)*t/(2*V*(V+t)))")
        MixtureSprt test = new MixtureSprt(0.01, 0.05);
        MixtureSprt.Look look = test.look(500, 5000, 600, 5000);
        assertThat(look.variance()).isCloseTo(3.912e-5, within(1e-15));
        assertThat(look.logLikelihoodRatio()).isCloseTo(3.040515104601562, within(1e-9));
        assertThat(look.pValue()).isCloseTo(Math.exp(-3.040515104601562), within(1e-9));
        assertThat(look.csLower()).isLessThan(0.02).isGreaterThan(0.0);
        assertThat(look.csUpper()).isGreaterThan(0.02);
    }

    @Test
    void confidenceSequenceBoundary_isWhereTheLikelihoodRatioReachesOneOverAlpha() {
        MixtureSprt test = new MixtureSprt(0.02, 0.05);
        MixtureSprt.Look look = test.look(300, 1000, 330, 1000);
        double v = look.variance();
        double tau2 = 0.0004;
        double theta = look.delta() - look.csLower(); // distance to the boundary
        double logLambdaAtBoundary = 0.5 * Math.log(v / (v + tau2)) + theta * theta * tau2 / (2 * v * (v + tau2));
        assertThat(logLambdaAtBoundary).isCloseTo(Math.log(20), within(1e-9));
    }

    @Test
    void alwaysValidPValue_neverIncreases_andDegenerateLooksCarryNoEvidence() {
        MixtureSprt.Monitor monitor = MixtureSprt.defaults().monitor();
        assertThat(monitor.observe(0, 0, 0, 0)).isEqualTo(1.0);
        assertThat(monitor.observe(10, 10, 10, 10)).isEqualTo(1.0); // V = 0
        double p1 = monitor.observe(800, 1000, 900, 1000);
        double p2 = monitor.observe(1620, 2000, 1640, 2000); // the gap shrinks
        assertThat(p1).isLessThan(1.0);
        assertThat(p2).isEqualTo(p1);
        assertThat(monitor.looks()).isEqualTo(4);
        assertThat(monitor.rejected()).isEqualTo(p1 < 0.05);
    }

    /**
     * Peeking: 1,000 A/A experiments (p = 0.2 in both arms), up to 5,000 users per arm, looking
     * after every 100 per arm (50 looks). Stopping at the first look with the fixed-horizon
     * z-test's p &lt; 0.05 inflates the false-positive rate far above 5%; the mSPRT's
     * always-valid p-value keeps it at or below 5%.
     */
    @Test
    void peekingInflatesTheZTest_butNotTheSequentialTest() {
        SplittableRandom random = new SplittableRandom(4242);
        int experiments = 1_000;
        int looks = 50;
        int step = 100;
        double p = 0.2;
        int zFalsePositives = 0;
        int sequentialFalsePositives = 0;
        MixtureSprt sprt = new MixtureSprt(0.02, 0.05);
        long start = System.nanoTime();
        for (int e = 0; e < experiments; e++) {
            long sA = 0;
            long sB = 0;
            boolean zRejected = false;
            MixtureSprt.Monitor monitor = sprt.monitor();
            for (int l = 1; l <= looks; l++) {
                for (int i = 0; i < step; i++) {
                    if (random.nextDouble() < p) {
                        sA++;
                    }
                    if (random.nextDouble() < p) {
                        sB++;
                    }
                }
                long n = (long) l * step;
                if (!zRejected && TwoProportionZTest.test(sA, n, sB, n).pValue() < 0.05) {
                    zRejected = true;
                }
                monitor.observe(sA, n, sB, n);
            }
            if (zRejected) {
                zFalsePositives++;
            }
            if (monitor.rejected()) {
                sequentialFalsePositives++;
            }
        }
        double zRate = (double) zFalsePositives / experiments;
        double sequentialRate = (double) sequentialFalsePositives / experiments;
        System.out.printf("peeking every %d, %d looks: z-test FPR %.3f, mSPRT FPR %.3f (%d ms)%n",
                step, looks, zRate, sequentialRate, (System.nanoTime() - start) / 1_000_000);
        assertThat(zRate).isGreaterThan(0.10);
        assertThat(sequentialRate).isLessThanOrEqualTo(0.05);
    }

    /** With a real effect the sequential test does reject (it has power, it is not just silent). */
    @Test
    void realEffect_isDetected() {
        SplittableRandom random = new SplittableRandom(99);
        int detected = 0;
        MixtureSprt sprt = new MixtureSprt(0.02, 0.05);
        for (int e = 0; e < 200; e++) {
            long sA = 0;
            long sB = 0;
            MixtureSprt.Monitor monitor = sprt.monitor();
            for (int l = 1; l <= 50; l++) {
                for (int i = 0; i < 100; i++) {
                    sA += random.nextDouble() < 0.20 ? 1 : 0;
                    sB += random.nextDouble() < 0.23 ? 1 : 0;
                }
                monitor.observe(sA, l * 100L, sB, l * 100L);
            }
            if (monitor.rejected()) {
                detected++;
            }
        }
        assertThat(detected).isGreaterThan(140); // > 70% power for +3 points at 5,000 per arm
    }
}
