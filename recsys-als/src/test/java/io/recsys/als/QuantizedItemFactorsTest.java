package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.IdIndex;
import io.recsys.core.Exclusions;
import io.recsys.core.InvalidArtifactException;
import io.recsys.core.ModelInfo;
import io.recsys.core.ModelVersion;
import io.recsys.core.VersionMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantizedItemFactorsTest {
    private static final ModelInfo INFO = new ModelInfo("als", new ModelVersion(0, 1),
            new VersionMetadata("v0.1", null, "als", null, null, null, null, null, 0, null, null));

    @TempDir
    Path tmp;

    /**
     * Random users and items; {@code spread > 0} gives items log-normal norms (a few long vectors,
     * as ALS produces for popular items), {@code levels > 0} small integer factors (many exact ties).
     */
    private static AlsModel model(int users, int items, int f, long seed, double spread, int levels) {
        var rnd = new SplittableRandom(seed);
        long[] userIds = new long[users];
        for (int u = 0; u < users; u++) {
            userIds[u] = 10L + u;
        }
        long[] itemIds = new long[items];
        for (int i = 0; i < items; i++) {
            itemIds[i] = 9_000_000L - 3L * i;
        }
        float[] uf = new float[users * f];
        for (int p = 0; p < uf.length; p++) {
            uf[p] = levels > 0 ? rnd.nextInt(levels) - levels / 2 : (float) (rnd.nextGaussian() * 0.1);
        }
        float[] itf = new float[items * f];
        for (int i = 0; i < items; i++) {
            double norm = Math.exp(spread * rnd.nextGaussian());
            for (int j = 0; j < f; j++) {
                itf[i * f + j] = levels > 0 ? rnd.nextInt(levels) - levels / 2 : (float) (rnd.nextGaussian() * 0.1 * norm);
            }
        }
        int[] indptr = new int[users + 1];
        int[] indices = new int[users * 40];
        for (int u = 0; u < users; u++) {
            int[] seen = rnd.ints(0, items).distinct().limit(Math.min(40, items)).sorted().toArray();
            System.arraycopy(seen, 0, indices, indptr[u], seen.length);
            indptr[u + 1] = indptr[u] + seen.length;
        }
        var seen = CsrMatrix.of(users, items, indptr, java.util.Arrays.copyOf(indices, indptr[users]),
                new float[indptr[users]], null);
        return AlsModel.of(IdIndex.of(userIds), IdIndex.of(itemIds), f, uf, itf, seen, null);
    }

    @ParameterizedTest(name = "users={0} items={1} factors={2} spread={3} levels={4} scale={5}")
    @CsvSource({"10000,3706,64,0,0,ITEM", "10000,3706,64,0,0,DIMENSION", "2000,3706,64,1,0,ITEM",
            "2000,3706,64,1,0,DIMENSION", "5000,1000,13,0.5,0,ITEM", "5000,500,8,0,3,ITEM", "5000,500,8,0,3,DIMENSION",
            "5000,300,5,0,0,ITEM"})
    void topTen_equalsTheExactScan(int users, int items, int f, double spread, int levels, QuantizationScale scale) {
        AlsModel m = model(users, items, f, 42, spread, levels);
        AlsRecommender exact = m.toRecommender(INFO);
        AlsRecommender quantized = QuantizedItemFactors.recommender(m, INFO, scale);
        for (int u = 0; u < users; u++) {
            long user = 10L + u;
            // every second user with seen items left out, every fifth also without one extra item
            Exclusions ex = u % 2 == 0 ? Exclusions.none()
                    : u % 5 == 0 ? Exclusions.of(true, 9_000_000L - 3L * (u % items)) : Exclusions.seen();
            assertThat(quantized.recommend(user, 10, ex)).as("user %d", user).isEqualTo(exact.recommend(user, 10, ex));
        }
        assertThat(quantized.recommend(10L, items + 5, Exclusions.none()))
                .isEqualTo(exact.recommend(10L, items + 5, Exclusions.none()));
    }

    @Test
    void candidateCount_isSmallForGaussianFactors() {
        AlsModel m = model(200, 3706, 64, 7, 0, 0);
        float[] items = m.itemFactorsArray();
        for (QuantizationScale scale : QuantizationScale.values()) {
            var scorer = new QuantizedScorer(Int8Factors.quantize(items, 3706, 64, scale), java.nio.FloatBuffer.wrap(items));
            long rescored = 0;
            float[] uf = m.userFactorsArray();
            long[] none = new long[(3706 + 63) / 64];
            for (int u = 0; u < 200; u++) {
                var top = new TopK();
                top.reset(10);
                rescored += scorer.select(java.util.Arrays.copyOfRange(uf, u * 64, u * 64 + 64), 10, none, false, top);
                assertThat(top.size()).isEqualTo(10);
            }
            // a loose bound would re-score much of the catalogue; the proven one keeps it to a few dozen
            assertThat(rescored / 200.0).as("mean candidates re-scored, %s scale", scale).isBetween(10.0, 200.0);
        }
    }

    @Test
    void loader_servesTheQuantizedFileWithIdenticalAnswers() throws IOException {
        AlsModel m = model(300, 900, 16, 3, 0.5, 0);
        Path dir = tmp.resolve("als");
        AlsArtifacts.write(dir, m, Map.of());
        AlsRecommender plain = AlsModelLoader.load(dir, INFO);
        QuantizedItemFactors.write(dir, QuantizationScale.ITEM);
        assertThat(dir.resolve(QuantizedItemFactors.FILE)).isRegularFile();
        AlsRecommender loaded = AlsModelLoader.load(dir, INFO);
        for (int u = 0; u < 300; u++) {
            assertThat(loaded.recommend(10L + u, 10)).isEqualTo(plain.recommend(10L + u, 10));
        }
    }

    @Test
    void loader_refusesALevelMoreThanHalfAStepOff() throws IOException {
        Path dir = writtenWithInt8();
        Path file = dir.resolve(QuantizedItemFactors.FILE);
        byte[] bytes = Files.readAllBytes(file);
        int last = bytes.length - 1;
        bytes[last] = (byte) (bytes[last] > 0 ? bytes[last] - 3 : bytes[last] + 3);
        Files.write(file, bytes);
        assertThatThrownBy(() -> AlsModelLoader.load(dir, INFO)).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining(QuantizedItemFactors.FILE).hasMessageContaining("half a step");
    }

    @Test
    void loader_refusesATruncatedFile() throws IOException {
        Path dir = writtenWithInt8();
        Path file = dir.resolve(QuantizedItemFactors.FILE);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertThatThrownBy(() -> AlsModelLoader.load(dir, INFO)).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("bytes, expected");
    }

    @Test
    void loader_refusesAnUnknownFormatOrScale() throws IOException {
        Path dir = writtenWithInt8();
        Path file = dir.resolve(QuantizedItemFactors.FILE);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 7);
        Files.write(file, bytes);
        assertThatThrownBy(() -> AlsModelLoader.load(dir, INFO)).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("scale code 7");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x12345678);
        Files.write(file, bytes);
        assertThatThrownBy(() -> AlsModelLoader.load(dir, INFO)).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("not an int8 item factor file");
    }

    @Test
    void write_refusesNonFiniteFactors() throws IOException {
        AlsModel m = model(5, 20, 4, 1, 0, 0);
        float[] itf = m.itemFactors();
        itf[7] = Float.NaN;
        AlsModel bad = AlsModel.of(m.users(), m.items(), 4, m.userFactors(), itf, null, null);
        Path dir = tmp.resolve("bad");
        AlsArtifacts.write(dir, bad, Map.of());
        assertThatThrownBy(() -> QuantizedItemFactors.write(dir, QuantizationScale.ITEM))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("not finite");
    }

    private Path writtenWithInt8() throws IOException {
        Path dir = tmp.resolve("als");
        AlsArtifacts.write(dir, model(50, 300, 8, 5, 0, 0), Map.of());
        QuantizedItemFactors.write(dir, QuantizationScale.ITEM);
        return dir;
    }
}
