package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.IdIndex;
import io.recsys.core.Exclusions;
import io.recsys.core.InvalidArtifactException;
import io.recsys.core.ModelInfo;
import io.recsys.core.ModelVersion;
import io.recsys.core.ScoredItem;
import io.recsys.core.VersionMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnIndexTest {
    private static final ModelInfo INFO = new ModelInfo("als", new ModelVersion(0, 1),
            new VersionMetadata("v0.1", null, "als", null, null, null, null, null, 0, null, null));
    private static final int USERS = 300;
    private static final int ITEMS = 6_000;
    private static final int F = 16;
    private static final AnnSettings SETTINGS = new AnnSettings(16, 100, 100, 0, true);

    private static AlsModel model;

    @TempDir
    Path tmp;

    /** Items around 40 cluster centres with varied norms (as ALS factors are), 50 seen items per user. */
    @BeforeAll
    static void model() {
        var rnd = new SplittableRandom(11);
        float[] centres = new float[40 * F];
        for (int p = 0; p < centres.length; p++) {
            centres[p] = (float) rnd.nextGaussian();
        }
        float[] itf = new float[ITEMS * F];
        for (int i = 0; i < ITEMS; i++) {
            int c = rnd.nextInt(40);
            double scale = Math.exp(0.3 * rnd.nextGaussian());
            for (int j = 0; j < F; j++) {
                itf[i * F + j] = (float) (scale * centres[c * F + j] + 0.4 * rnd.nextGaussian());
            }
        }
        float[] uf = new float[USERS * F];
        for (int p = 0; p < uf.length; p++) {
            uf[p] = (float) rnd.nextGaussian();
        }
        long[] userIds = new long[USERS];
        for (int u = 0; u < USERS; u++) {
            userIds[u] = 100L + u;
        }
        long[] itemIds = new long[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            itemIds[i] = 7L * i + 1;
        }
        int[] indptr = new int[USERS + 1];
        int[] indices = new int[USERS * 50];
        for (int u = 0; u < USERS; u++) {
            int[] s = rnd.ints(0, ITEMS).distinct().limit(50).sorted().toArray();
            System.arraycopy(s, 0, indices, u * 50, 50);
            indptr[u + 1] = (u + 1) * 50;
        }
        var seen = CsrMatrix.of(USERS, ITEMS, indptr, indices, new float[indices.length], null);
        model = AlsModel.of(IdIndex.of(userIds), IdIndex.of(itemIds), F, uf, itf, seen, null);
    }

    private static double recall(AlsRecommender ann, AlsRecommender exact, Exclusions ex) {
        double sum = 0;
        for (int u = 0; u < USERS; u++) {
            Set<Long> want = new HashSet<>();
            exact.recommend(100L + u, 10, ex).forEach(s -> want.add(s.itemId()));
            long hit = ann.recommend(100L + u, 10, ex).stream().filter(s -> want.contains(s.itemId())).count();
            sum += hit / 10.0;
        }
        return sum / USERS;
    }

    @Test
    void recommend_findsMostOfTheExactTopTen_scoresExact_seenLeftOut() throws IOException {
        AlsRecommender ann = AnnArtifacts.recommender(model, INFO, SETTINGS, tmp.resolve("ann"));
        AlsRecommender exact = model.toRecommender(INFO);
        assertThat(recall(ann, exact, Exclusions.seen())).isGreaterThanOrEqualTo(0.9);
        assertThat(recall(ann, exact, Exclusions.none())).isGreaterThanOrEqualTo(0.9);
        CsrMatrix seen = model.seen().orElseThrow();
        for (int u = 0; u < USERS; u++) {
            long user = 100L + u;
            List<ScoredItem> top = ann.recommend(user, 10, Exclusions.of(true, 1L, 8L, 15L));
            assertThat(top).hasSize(10);
            for (int q = 0; q < top.size(); q++) {
                ScoredItem s = top.get(q);
                int index = model.items().indexOf(s.itemId());
                assertThat(s.score()).isEqualTo(model.score(user, s.itemId()));
                assertThat(s.itemId()).isNotIn(1L, 8L, 15L);
                for (int p = seen.start(u); p < seen.end(u); p++) {
                    assertThat(seen.column(p)).as("seen item returned").isNotEqualTo(index);
                }
                if (q > 0) {
                    assertThat(s.score()).isLessThanOrEqualTo(top.get(q - 1).score());
                }
            }
        }
    }

    @Test
    void recommend_moreItemsThanTheBreadthStillReturnsK() throws IOException {
        AlsRecommender ann = AnnArtifacts.recommender(model, INFO, SETTINGS.withBreadth(20), tmp.resolve("ann"));
        assertThat(ann.recommend(100L, 150, Exclusions.seen())).hasSize(150);
    }

    @Test
    void recommend_belowTheCatalogueThresholdIsTheExactScan() throws IOException {
        var settings = new AnnSettings(16, 100, 10, ITEMS + 1, true);
        AlsRecommender ann = AnnArtifacts.recommender(model, INFO, settings, tmp.resolve("ann"));
        AlsRecommender exact = model.toRecommender(INFO);
        for (int u = 0; u < USERS; u++) {
            assertThat(ann.recommend(100L + u, 10, Exclusions.seen())).isEqualTo(exact.recommend(100L + u, 10, Exclusions.seen()));
        }
        assertThat(tmp.resolve("ann")).doesNotExist();
    }

    @Test
    void loader_servesTheStoredIndex_andRefusesADamagedOne() throws IOException {
        Path dir = tmp.resolve("als");
        AlsArtifacts.write(dir, model, Map.of());
        AnnArtifacts.write(dir, SETTINGS.withBreadth(60));
        assertThat(dir.resolve(AnnSettings.FILE)).content().contains("\"breadth\" : 60");
        AlsRecommender loaded = AlsModelLoader.load(dir, INFO);
        assertThat(recall(loaded, model.toRecommender(INFO), Exclusions.seen())).isGreaterThanOrEqualTo(0.85);
        assertThatThrownBy(() -> AnnArtifacts.write(dir, SETTINGS)).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("already exists");

        Path largest;
        try (Stream<Path> s = Files.list(dir.resolve(AnnSettings.DIR))) {
            largest = s.max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(largest);
        Files.write(largest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> AlsModelLoader.load(dir, INFO)).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining(AnnSettings.DIR);
    }

    @Test
    void loader_refusesBadSettingsOrAMissingIndex() throws IOException {
        Path dir = tmp.resolve("als");
        AlsArtifacts.write(dir, model, Map.of());
        Files.writeString(dir.resolve(AnnSettings.FILE), "{\"max_connections\": 16, \"beam_width\": 100, \"breadth\": 0,"
                + " \"min_items\": 0, \"scalar_quantized\": true}");
        assertThatThrownBy(() -> AlsModelLoader.load(dir, INFO)).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("breadth must be in");
        Files.writeString(dir.resolve(AnnSettings.FILE), "[1, 2]");
        assertThatThrownBy(() -> AlsModelLoader.load(dir, INFO)).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining(AnnSettings.FILE);
        SETTINGS.write(dir.resolve(AnnSettings.FILE));
        assertThatThrownBy(() -> AlsModelLoader.load(dir, INFO)).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("index directory missing");
    }
}
