package io.recsys.benchmarks;

import io.recsys.als.AlsModel;
import io.recsys.als.AlsRecommender;
import io.recsys.als.BoundedScans;
import io.recsys.als.NaiveScorer;
import io.recsys.als.QuantizationScale;
import io.recsys.als.QuantizedItemFactors;
import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.IdIndex;
import io.recsys.core.Exclusions;
import io.recsys.core.ScoredItem;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Top-10 recommendation for one user over the whole catalogue: the tuned {@link AlsRecommender}
 * (blocked factor-major layout, bounded heap with cached threshold) against {@link NaiveScorer}
 * (score all into a {@code double[]}, boxed full sort) and against a plain sequential read of an
 * item-factor matrix of the same size ({@link #sequentialRead}), which is the memory-bandwidth
 * floor any exact scorer pays, and against the 8-bit candidate scan with exact re-scoring
 * ({@link #int8PerItem}, {@link #int8PerDimension}; same answers as the tuned scan), and against
 * the bounded exact scan ({@link #bounded}: norm-ordered, rotated tiles with partial-score bounds;
 * same answers). {@code source=als} replaces the Gaussian factors by ALS factors trained on the
 * synthetic ML-1M shape (64 factors only; grown to the catalogue size as {@code AnnMain} does). With {@code filtered=true} each user has 165 seen items (ML-1M's
 * mean) left out through {@link Exclusions#seen()}.
 *
 * <p>Run (after {@code ./mvnw -q -pl benchmarks -am package -DskipTests}):
 * {@code java -jar benchmarks/target/benchmarks.jar ScoringBenchmark -p items=3706 -p factors=64}
 * ; the full grid is {@code java -jar benchmarks/target/benchmarks.jar ScoringBenchmark}; a short
 * run: add {@code -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@State(Scope.Benchmark)
public class ScoringBenchmark {
    private static final int SEEN = 165;
    private static final int TILE = 256;

    /** Catalogue size. */
    @Param({"3706", "27278", "100000", "1000000"})
    public int items;

    /** Latent factors. */
    @Param({"32", "64", "128"})
    public int factors;

    /** Whether seen items are left out. */
    @Param({"false", "true"})
    public boolean filtered;

    /** Users cycled through (with {@code source=als}, the first trained users; at most 6,040). */
    @Param({"64"})
    public int users;

    /** Where the factors come from: {@code gaussian} (every factor N(0, 0.1)) or {@code als}. */
    @Param({"gaussian"})
    public String source;

    private AlsRecommender tuned;
    private AlsRecommender int8PerItem;
    private AlsRecommender int8PerDimension;
    private AlsRecommender bounded;
    private NaiveScorer naive;
    private float[] matrix;
    private float[][] userVectors;
    private long[][] seenIds;
    private Exclusions exclusions;
    private float[][] tiles;
    private final float[] readAcc = new float[TILE];
    private int next;

    /** Builds the factors ({@code source}), the users and their seen items. */
    @Setup
    public void setUp() {
        var rnd = new SplittableRandom(42);
        long[] itemIds = new long[items];
        for (int i = 0; i < items; i++) {
            itemIds[i] = i + 1L;
        }
        long[] userIds = new long[users];
        for (int u = 0; u < users; u++) {
            userIds[u] = u + 1L;
        }
        float[] userFactors;
        if ("als".equals(source)) {
            if (factors != 64) {
                throw new IllegalArgumentException("source=als has 64 factors, not " + factors);
            }
            AlsModel trained = AnnMain.model(items, "als");
            matrix = trained.itemFactors();
            userFactors = Arrays.copyOf(trained.userFactors(), users * factors);
        } else {
            matrix = new float[items * factors];
            for (int j = 0; j < matrix.length; j++) {
                matrix[j] = (float) (rnd.nextGaussian() * 0.1);
            }
            userFactors = new float[users * factors];
            for (int p = 0; p < userFactors.length; p++) {
                userFactors[p] = (float) (rnd.nextGaussian() * 0.1);
            }
        }
        userVectors = new float[users][];
        for (int u = 0; u < users; u++) {
            userVectors[u] = Arrays.copyOfRange(userFactors, u * factors, (u + 1) * factors);
        }
        int[] indptr = new int[users + 1];
        int[] indices = new int[users * SEEN];
        seenIds = new long[users][];
        for (int u = 0; u < users; u++) {
            int[] seen = rnd.ints(0, items).distinct().limit(SEEN).sorted().toArray();
            System.arraycopy(seen, 0, indices, u * SEEN, SEEN);
            indptr[u + 1] = (u + 1) * SEEN;
            seenIds[u] = Arrays.stream(seen).mapToLong(i -> i + 1L).toArray();
        }
        var seen = CsrMatrix.of(users, items, indptr, indices, new float[indices.length], null);
        AlsModel model = AlsModel.of(IdIndex.of(userIds), IdIndex.of(itemIds), factors, userFactors, matrix, seen, null);
        tuned = model.toRecommender();
        int8PerItem = QuantizedItemFactors.recommender(model, tuned.info(), QuantizationScale.ITEM);
        int8PerDimension = QuantizedItemFactors.recommender(model, tuned.info(), QuantizationScale.DIMENSION);
        bounded = BoundedScans.recommender(model, tuned.info());
        naive = new NaiveScorer(itemIds, matrix, factors);
        exclusions = filtered ? Exclusions.seen() : Exclusions.none();
        tiles = new float[(matrix.length + TILE - 1) / TILE][TILE];
        for (int j = 0; j < matrix.length; j++) {
            tiles[j / TILE][j % TILE] = matrix[j];
        }
    }

    private int nextUser() {
        int u = next;
        next = u + 1 == users ? 0 : u + 1;
        return u;
    }

    /** @return the tuned path's top 10 */
    @Benchmark
    public List<ScoredItem> tuned() {
        return tuned.recommend(nextUser() + 1L, 10, exclusions);
    }

    /** @return the top 10 through the 8-bit candidate scan (per-item scales) and exact re-scoring */
    @Benchmark
    public List<ScoredItem> int8PerItem() {
        return int8PerItem.recommend(nextUser() + 1L, 10, exclusions);
    }

    /** @return the top 10 through the 8-bit candidate scan (per-dimension scales) and exact re-scoring */
    @Benchmark
    public List<ScoredItem> int8PerDimension() {
        return int8PerDimension.recommend(nextUser() + 1L, 10, exclusions);
    }

    /** @return the top 10 through the bounded exact scan (norm and partial-score bounds, exact re-scoring) */
    @Benchmark
    public List<ScoredItem> bounded() {
        return bounded.recommend(nextUser() + 1L, 10, exclusions);
    }

    /** @return the naive top 10 */
    @Benchmark
    public List<ScoredItem> naive() {
        int u = nextUser();
        return naive.recommend(userVectors[u], 10, filtered ? seenIds[u] : new long[0]);
    }

    /**
     * The floor: read every float of an item-factor matrix of the same size once, in order, with
     * a loop the JIT vectorises (element-wise sums into a 256-float accumulator, tile by tile,
     * the same access pattern as the tuned scorer without the arithmetic).
     *
     * @return a value derived from every element, so the reads cannot be eliminated
     */
    @Benchmark
    public float sequentialRead() {
        final float[][] m = tiles;
        final float[] acc = readAcc;
        for (float[] tile : m) {
            for (int b = 0; b < TILE; b++) {
                acc[b] += tile[b];
            }
        }
        return acc[next & (TILE - 1)];
    }
}
