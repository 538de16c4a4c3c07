package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.als.data.SyntheticData;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Not part of the build's test run (the name does not end in Test): prints how much of the item
 * matrix {@link BoundedScan} reads for the factors {@code ScoringBenchmark -p source=als} uses
 * (ALS, 64 factors, 5 sweeps, on the synthetic ML-1M shape, grown as {@code AnnMain} grows them),
 * for docs/benchmarks.md. Run: {@code ./mvnw -B -o -q -pl recsys-als -am test
 * -Dtest=BoundedScanSharesReport -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class BoundedScanSharesReport {

    @Test
    void printShares() {
        int f = 64;
        AlsModel trained = new AlsTrainer(AlsHyperparameters.builder().factors(f).iterations(5).threads(2).build())
                .fit(SyntheticData.movieLens1m().generate());
        float[] base = trained.itemFactorsArray();
        float[] uf = trained.userFactorsArray();
        int nb = trained.items().size();
        var rnd = new SplittableRandom(42);
        float[] gaussianUsers = new float[1000 * f];
        for (int p = 0; p < gaussianUsers.length; p++) {
            gaussianUsers[p] = (float) (0.1 * rnd.nextGaussian());
        }
        for (int run = 0; run < 4; run++) {
            int items = run == 3 ? 3706 : new int[] {3706, 27278, 100000}[run];
            float[] itf = SyntheticData.growItemFactors(base, nb, items, f, new SplittableRandom(42));
            if (run == 3) {
                System.out.print("Gaussian factors, N(0, 0.1): ");
                for (int p = 0; p < itf.length; p++) {
                    itf[p] = (float) (0.1 * rnd.nextGaussian());
                }
                uf = gaussianUsers;
            }
            long start = System.nanoTime();
            BoundedScan scan = BoundedScan.of(itf, items, f, BoundedScan.DEFAULT_SPLITS);
            System.out.printf("items %d: built in %.0f ms (one build, System.nanoTime)%n", items,
                    (System.nanoTime() - start) / 1e6);
            long[] none = new long[(items + 63) / 64];
            var top = new TopK();
            long rescored = 0;
            long partial = 0;
            long full = 0;
            long rows = 0;
            int users = 1000;
            for (int u = 0; u < users; u++) {
                top.reset(10);
                rescored += scan.select(Arrays.copyOfRange(uf, u * f, (u + 1) * f), 10, none, false, top);
                int[] work = scan.lastTiles();
                partial += work[0];
                full += work[1];
                rows += work[2];
            }
            double tiles = (double) scan.tiles() * users;
            System.out.printf("items %d: tiles %d, partially scored %.1f%%, fully scored %.1f%%, re-scored %.1f items"
                    + " (%.2f%%), factor reads %.1f%%%n", items, scan.tiles(), 100 * partial / tiles, 100 * full / tiles,
                    rescored / (double) users, 100.0 * rescored / users / items, 100 * rows / tiles / f);
            assertThat(rescored).isGreaterThanOrEqualTo(10L * users);
        }
    }
}
