package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.IdIndex;
import io.recsys.als.data.SyntheticData;
import io.recsys.core.Exclusions;
import io.recsys.core.ModelInfo;
import io.recsys.core.ModelVersion;
import io.recsys.core.VersionMetadata;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import io.recsys.core.foldin.UserState;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoundedScanTest {
    private static final ModelInfo INFO = new ModelInfo("als", new ModelVersion(0, 1),
            new VersionMetadata("v0.1", null, "als", null, null, null, null, null, 0, null, null));
    private static final int USERS = 10_000;

    /** ALS (64 factors) trained on the synthetic ML-1M shape: 3,706 items. */
    private static AlsModel trained;
    /** Its item factors with 10,000 users: the 6,040 trained vectors, then noisy copies of them. */
    private static AlsModel als;

    @BeforeAll
    static void train() {
        trained = new AlsTrainer(AlsHyperparameters.builder().factors(64).iterations(3).threads(2).build())
                .fit(SyntheticData.movieLens1m().generate());
        float[] base = trained.userFactorsArray();
        int known = trained.users().size();
        var rnd = new SplittableRandom(11);
        float[] uf = new float[USERS * 64];
        for (int u = 0; u < USERS; u++) {
            int src = u % known;
            for (int j = 0; j < 64; j++) {
                float x = base[src * 64 + j];
                uf[u * 64 + j] = u < known ? x : (float) (x * Math.exp(0.3 * rnd.nextGaussian()) + 0.05 * rnd.nextGaussian());
            }
        }
        als = model(uf, trained.itemFactorsArray(), 64, rnd);
    }

    /** Users 10.. with {@code uf}, items 9,000,000, 8,999,997, ... with {@code itf}, 40 random seen items each. */
    private static AlsModel model(float[] uf, float[] itf, int f, SplittableRandom rnd) {
        int users = uf.length / f;
        int items = itf.length / f;
        long[] userIds = new long[users];
        for (int u = 0; u < users; u++) {
            userIds[u] = 10L + u;
        }
        long[] itemIds = new long[items];
        for (int i = 0; i < items; i++) {
            itemIds[i] = 9_000_000L - 3L * i;
        }
        int perUser = Math.min(40, items / 2);
        int[] indptr = new int[users + 1];
        int[] indices = new int[users * perUser];
        for (int u = 0; u < users; u++) {
            int[] seen = rnd.ints(0, items).distinct().limit(perUser).sorted().toArray();
            System.arraycopy(seen, 0, indices, indptr[u], seen.length);
            indptr[u + 1] = indptr[u] + seen.length;
        }
        var seen = CsrMatrix.of(users, items, indptr, indices, new float[indices.length], null);
        return AlsModel.of(IdIndex.of(userIds), IdIndex.of(itemIds), f, uf, itf, seen, null);
    }

    private static float[] gaussian(int n, double sd, SplittableRandom rnd) {
        float[] a = new float[n];
        for (int p = 0; p < n; p++) {
            a[p] = (float) (rnd.nextGaussian() * sd);
        }
        return a;
    }

    /** Every second user with its seen items left out, every fifth of those also without one more item. */
    private static Exclusions exclusions(int u, int items) {
        return u % 2 == 0 ? Exclusions.none()
                : u % 5 == 0 ? Exclusions.of(true, 9_000_000L - 3L * (u % items)) : Exclusions.seen();
    }

    private static void assertSameAnswers(AlsModel m, int users, int k) {
        AlsRecommender exact = m.toRecommender(INFO);
        AlsRecommender bounded = BoundedScans.recommender(m, INFO);
        int items = m.items().size();
        for (int u = 0; u < users; u++) {
            Exclusions ex = exclusions(u, items);
            assertThat(bounded.recommend(10L + u, k, ex)).as("user %d, k %d", u, k).isEqualTo(exact.recommend(10L + u, k, ex));
        }
    }

    @Test
    void alsFactors_topTenOfTenThousandUsers_equalTheExactScan() {
        assertSameAnswers(als, USERS, 10);
    }

    @ParameterizedTest(name = "k={0}")
    @CsvSource({"1, 2000", "100, 2000", "3706, 40", "5000, 10"})
    void alsFactors_otherK_equalTheExactScan(int k, int users) {
        assertSameAnswers(als, users, k);
    }

    @ParameterizedTest(name = "items={0} factors={1} spread={2}")
    @CsvSource({"3706, 64, 0", "3706, 64, 1", "1000, 13, 0.5", "300, 5, 0", "700, 3, 2"})
    void gaussianFactors_equalTheExactScan(int items, int f, double spread) {
        var rnd = new SplittableRandom(items + f);
        float[] itf = gaussian(items * f, 0.1, rnd);
        for (int i = 0; i < items; i++) {
            float scale = (float) Math.exp(spread * rnd.nextGaussian());
            for (int j = 0; j < f; j++) {
                itf[i * f + j] *= scale;
            }
        }
        AlsModel m = model(gaussian(2000 * f, 0.1, rnd), itf, f, rnd);
        for (int k : new int[] {1, 10, 100}) {
            assertSameAnswers(m, 2000, k);
        }
        assertSameAnswers(m, 20, items);
    }

    /** With the margin e_i set to 0 (SLACK = TINY = 0) this test fails: the bounds then cut exact ties. */
    @Test
    void exactTiesAndDuplicateItems_breakTiesBySmallerIndexAsTheScanDoes() {
        var rnd = new SplittableRandom(5);
        int items = 900;
        int f = 8;
        float[] itf = new float[items * f];
        for (int i = 0; i < items; i++) {
            if (i % 3 == 2) {
                // a duplicate of an earlier item: identical scores, different index
                System.arraycopy(itf, (i / 2) * f, itf, i * f, f);
                continue;
            }
            for (int j = 0; j < f; j++) {
                itf[i * f + j] = rnd.nextInt(5) - 2;
            }
        }
        float[] uf = new float[3000 * f];
        for (int p = 0; p < uf.length; p++) {
            uf[p] = rnd.nextInt(3) - 1;
        }
        AlsModel m = model(uf, itf, f, rnd);
        for (int k : new int[] {1, 10, 100, items}) {
            assertSameAnswers(m, k == items ? 50 : 3000, k);
        }
    }

    @Test
    void zeroUserVector_returnsTheFirstItemsLikeTheScan() {
        var rnd = new SplittableRandom(9);
        float[] uf = gaussian(4 * 16, 0.1, rnd);
        Arrays.fill(uf, 16, 32, 0f);
        AlsModel m = model(uf, gaussian(600 * 16, 0.1, rnd), 16, rnd);
        AlsRecommender bounded = BoundedScans.recommender(m, INFO);
        assertThat(bounded.recommend(11L, 10, Exclusions.none()))
                .isEqualTo(m.toRecommender(INFO).recommend(11L, 10, Exclusions.none()))
                .allSatisfy(item -> assertThat(item.score()).isZero());
        assertSameAnswers(m, 4, 10);
    }

    @Test
    void catalogueSmallerThanOneTile_equalsTheScan() {
        var rnd = new SplittableRandom(13);
        int items = RotatedItems.TILE / 3;
        AlsModel m = model(gaussian(500 * 8, 0.1, rnd), gaussian(items * 8, 0.1, rnd), 8, rnd);
        for (int k : new int[] {1, 10, items, items + 5}) {
            assertSameAnswers(m, 500, k);
        }
    }

    @Test
    void hugeOrNonFiniteVectors_areStillAnsweredLikeTheScan() {
        var rnd = new SplittableRandom(17);
        float[] uf = gaussian(3 * 8, 0.1, rnd);
        uf[8] = 3e35f;
        uf[17] = Float.NaN;
        float[] itf = gaussian(400 * 8, 0.1, rnd);
        assertSameAnswers(model(uf, itf, 8, rnd), 3, 10);
        itf[77] = Float.POSITIVE_INFINITY;
        assertThat(BoundedScan.of(itf, 400, 8, BoundedScan.DEFAULT_SPLITS)).as("refuses a non-finite item").isNull();
        assertSameAnswers(model(gaussian(50 * 8, 0.1, rnd), itf, 8, rnd), 50, 10);
    }

    @Test
    void alsFactors_readFewTilesAndRescoreFewItems() {
        float[] itf = trained.itemFactorsArray();
        int items = trained.items().size();
        BoundedScan scan = BoundedScan.of(itf, items, 64, BoundedScan.DEFAULT_SPLITS);
        float[] uf = trained.userFactorsArray();
        long[] none = new long[(items + 63) / 64];
        var top = new TopK();
        long rescored = 0;
        long partial = 0;
        long full = 0;
        int users = 1000;
        for (int u = 0; u < users; u++) {
            top.reset(10);
            rescored += scan.select(Arrays.copyOfRange(uf, u * 64, u * 64 + 64), 10, none, false, top);
            int[] work = scan.lastTiles();
            partial += work[0];
            full += work[1];
            assertThat(top.size()).isEqualTo(10);
        }
        double tiles = (double) scan.tiles() * users;
        // the norm bound stops well before the end and most tiles reached fail the partial bound
        assertThat(partial / tiles).as("share of tiles partially scored").isLessThan(0.8);
        assertThat(full / tiles).as("share of tiles fully scored").isLessThan(0.4);
        assertThat(rescored / (double) users).as("items re-scored per user").isBetween(10.0, 30.0);
    }

    @Test
    void foldedInVectors_goThroughTheBoundedScanWithTheSameAnswers() {
        AlsRecommender exact = trained.toRecommender(INFO);
        AlsRecommender bounded = BoundedScans.recommender(trained, INFO);
        var rnd = new SplittableRandom(23);
        int items = trained.items().size();
        for (int n = 0; n < 200; n++) {
            long user = n % 2 == 0 ? 50_000_000L + n : trained.users().id(n);
            UserState a = null;
            UserState b = null;
            for (int e = 0; e < 1 + n % 12; e++) {
                var event = UserEvent.of(null, user, trained.items().id(rnd.nextInt(items)), UserEventType.CLICK, e + 1L);
                a = exact.foldIn(user, a, event);
                b = bounded.foldIn(user, b, event);
            }
            Exclusions ex = n % 3 == 0 ? Exclusions.none() : Exclusions.seen();
            assertThat(bounded.recommend(user, b, 10, ex)).as("user %d", user).isEqualTo(exact.recommend(user, a, 10, ex));
        }
    }

    @Test
    void ifItPays_keepsTheScanForAlsFactorsAndDropsItForGaussianOnes() {
        int items = trained.items().size();
        assertThat(BoundedScan.ifItPays(trained.itemFactorsArray().clone(), items, 64,
                FloatBuffer.wrap(trained.userFactorsArray()), trained.users().size())).isNotNull();
        var rnd = new SplittableRandom(29);
        assertThat(BoundedScan.ifItPays(gaussian(items * 64, 0.1, rnd), items, 64,
                FloatBuffer.wrap(gaussian(500 * 64, 0.1, rnd)), 500)).isNull();
    }

    @Test
    void loader_servesAnAlsVersionWithTheScansAnswers(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("als");
        AlsArtifacts.write(dir, trained, Map.of());
        AlsRecommender loaded = AlsModelLoader.load(dir, INFO);
        assertThat(loaded.search()).as("chosen for ALS factors").isInstanceOf(BoundedScan.class);
        assertThat(((BoundedScan) loaded.search()).blocks()).as("one copy of the plain scan's tiles, shared")
                .isSameAs(loaded.itemBlocks());
        AlsRecommender exact = trained.toRecommender(INFO);
        assertThat(exact.search()).isNull();
        for (int u = 0; u < trained.users().size(); u += 3) {
            long user = trained.users().id(u);
            Exclusions ex = u % 2 == 0 ? Exclusions.seen() : Exclusions.none();
            assertThat(loaded.recommend(user, 10, ex)).as("user %d", user).isEqualTo(exact.recommend(user, 10, ex));
        }
    }
}
