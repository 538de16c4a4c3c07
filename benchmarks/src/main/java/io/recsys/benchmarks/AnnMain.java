package io.recsys.benchmarks;

import com.github.jelmerk.knn.DistanceFunctions;
import com.github.jelmerk.knn.Item;
import com.github.jelmerk.knn.SearchResult;
import com.github.jelmerk.knn.hnsw.HnswIndex;
import io.recsys.als.AlsHyperparameters;
import io.recsys.als.AlsModel;
import io.recsys.als.AlsRecommender;
import io.recsys.als.AlsTrainer;
import io.recsys.als.AnnArtifacts;
import io.recsys.als.AnnSettings;
import io.recsys.als.BoundedScans;
import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.IdIndex;
import io.recsys.als.data.SyntheticData;
import io.recsys.core.Exclusions;
import io.recsys.core.ScoredItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Approximate top 10 over a large catalogue: Lucene's HNSW ({@code AnnArtifacts}) against the exact
 * scan, and optionally {@code hnswlib-core} on the same vectors. Prints build time, index bytes
 * per item, single-thread p50/p99 per request and recall@10 against the exact scan for each
 * search breadth. Not a JMH benchmark: one query at a time, timed with {@code System.nanoTime}
 * after a warm-up of the same number of queries.
 *
 * <p>Factors ({@code --factors-from}): {@code als} trains ALS (64 factors, 5 sweeps) on the
 * synthetic ML-1M shape and grows its 3,706 item vectors to the catalogue size: each new item is
 * a random trained item times {@code exp(0.3 z)} plus Gaussian noise of half the per-dimension
 * spread; the users are the 6,040 trained user vectors. {@code gaussian}: every factor N(0, 0.1),
 * the hardest case for a graph (no structure). Each user has 165 random seen items, left out.
 *
 * <p>The bounded exact scan ({@code BoundedScans}) is measured the same way first, with how many of
 * its answers equal the plain scan's; {@code --no-hnsw} stops there.
 *
 * <p>{@code java -Xmx12g -cp benchmarks/target/benchmarks.jar io.recsys.benchmarks.AnnMain
 * --items 1000000 --factors-from als --breadths 40,80,160 [--hnswlib] [--no-hnsw]}
 */
public final class AnnMain {
    private static final int SEEN = 165;

    private AnnMain() {
    }

    /**
     * @param args see the class comment
     * @throws IOException when the index cannot be written
     */
    public static void main(String[] args) throws IOException {
        int items = 100_000;
        String from = "als";
        int[] breadths = {40, 80, 160};
        int queries = 1000;
        int m = 16;
        int beam = 100;
        boolean quantized = true;
        boolean hnswlib = false;
        boolean graph = true;
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--items" -> items = Integer.parseInt(args[++a]);
                case "--factors-from" -> from = args[++a];
                case "--breadths" -> breadths = Arrays.stream(args[++a].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--queries" -> queries = Integer.parseInt(args[++a]);
                case "--m" -> m = Integer.parseInt(args[++a]);
                case "--beam" -> beam = Integer.parseInt(args[++a]);
                case "--no-sq" -> quantized = false;
                case "--hnswlib" -> hnswlib = true;
                case "--no-hnsw" -> graph = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[a]);
            }
        }
        AlsModel model = model(items, from);
        int f = model.factors();
        System.out.printf("catalogue %,d x %d (%s), %d users, %d queries, M %d, beam %d, scalar-quantised %s%n",
                items, f, from, model.users().size(), queries, m, beam, quantized);
        AlsRecommender exact = model.toRecommender();
        var rnd = new SplittableRandom(7);
        long[] users = new long[queries];
        for (int q = 0; q < queries; q++) {
            users[q] = model.users().id(rnd.nextInt(model.users().size()));
        }
        List<List<ScoredItem>> truth = new ArrayList<>();
        long[] exactNanos = new long[queries];
        for (int q = 0; q < queries; q++) {
            exact.recommend(users[q], 10, Exclusions.seen());
        }
        for (int q = 0; q < queries; q++) {
            long t0 = System.nanoTime();
            truth.add(exact.recommend(users[q], 10, Exclusions.seen()));
            exactNanos[q] = System.nanoTime() - t0;
        }
        System.out.printf("exact scan: p50 %.1f us, p99 %.1f us%n", pct(exactNanos, 0.5), pct(exactNanos, 0.99));
        bounded(model, exact, users, truth);
        if (!graph) {
            return;
        }

        Path dir = Files.createTempDirectory("ann-bench");
        try {
            var settings = new AnnSettings(m, beam, breadths[0], 0, quantized);
            Runtime rt = Runtime.getRuntime();
            long t0 = System.nanoTime();
            AlsRecommender first = AnnArtifacts.recommender(model, exact.info(), settings, dir.resolve("ann"));
            double buildSeconds = (System.nanoTime() - t0) / 1e9;
            long bytes = size(dir.resolve("ann"));
            System.out.printf("lucene build %.1f s (includes one load), index files %,d bytes = %.1f bytes/item%n",
                    buildSeconds, bytes, bytes / (double) items);
            for (int b = 0; b < breadths.length; b++) {
                AlsRecommender ann = b == 0 ? first
                        : AnnArtifacts.open(model, exact.info(), settings.withBreadth(breadths[b]), dir.resolve("ann"));
                report("lucene", breadths[b], users, truth, (u) -> ann.recommend(u, 10, Exclusions.seen()));
            }
            rt.gc();
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (hnswlib) {
            hnswlib(model, m, beam, breadths, users, truth);
        }
    }

    /** The bounded exact scan: build time, latency, and how many answers equal the plain scan's. */
    private static void bounded(AlsModel model, AlsRecommender exact, long[] users, List<List<ScoredItem>> truth) {
        long t0 = System.nanoTime();
        AlsRecommender bounded = BoundedScans.recommender(model, exact.info());
        System.out.printf("bounded scan build %.2f s%n", (System.nanoTime() - t0) / 1e9);
        int identical = 0;
        for (int q = 0; q < users.length; q++) {
            if (bounded.recommend(users[q], 10, Exclusions.seen()).equals(truth.get(q))) {
                identical++;
            }
        }
        report("bounded exact scan", -1, users, truth, u -> bounded.recommend(u, 10, Exclusions.seen()));
        System.out.printf("bounded exact scan: %d of %d answers equal the plain scan's (items, order, scores)%n",
                identical, users.length);
    }

    private interface Query {
        List<ScoredItem> top(long user);
    }

    private static void report(String name, int breadth, long[] users, List<List<ScoredItem>> truth, Query query) {
        for (long u : users) {
            query.top(u);
        }
        long[] nanos = new long[users.length];
        double recall = 0;
        for (int q = 0; q < users.length; q++) {
            long t0 = System.nanoTime();
            List<ScoredItem> got = query.top(users[q]);
            nanos[q] = System.nanoTime() - t0;
            Set<Long> want = new HashSet<>();
            for (ScoredItem s : truth.get(q)) {
                want.add(s.itemId());
            }
            int hit = 0;
            for (ScoredItem s : got) {
                hit += want.remove(s.itemId()) ? 1 : 0;
            }
            recall += hit / (double) truth.get(q).size();
        }
        System.out.printf("%s%s: p50 %.1f us, p99 %.1f us, recall@10 %.4f%n", name,
                breadth < 0 ? "" : " breadth " + breadth, pct(nanos, 0.5), pct(nanos, 0.99), recall / users.length);
    }

    /** hnswlib-core on the same raw vectors (inner-product distance), seen items removed by over-fetching. */
    private static void hnswlib(AlsModel model, int m, int beam, int[] breadths, long[] users,
                                List<List<ScoredItem>> truth) {
        int n = model.items().size();
        int f = model.factors();
        float[] rows = model.itemFactors();
        HnswIndex<Integer, float[], Vec, Float> index = HnswIndex.newBuilder(f, DistanceFunctions.FLOAT_INNER_PRODUCT, n)
                .withM(m).withEfConstruction(beam).withEf(breadths[0]).build();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            index.add(new Vec(i, Arrays.copyOfRange(rows, i * f, i * f + f)));
        }
        System.out.printf("hnswlib build %.1f s (one thread)%n", (System.nanoTime() - t0) / 1e9);
        float[] uf = model.userFactors();
        CsrMatrix seen = model.seen().orElseThrow();
        for (int breadth : breadths) {
            index.setEf(breadth);
            report("hnswlib", breadth, users, truth, user -> {
                int u = model.users().indexOf(user);
                float[] q = Arrays.copyOfRange(uf, u * f, u * f + f);
                // no filtered search in hnswlib-core: fetch breadth, drop seen, re-score exactly
                List<SearchResult<Vec, Float>> hits = index.findNearest(q, breadth);
                List<ScoredItem> out = new ArrayList<>();
                for (SearchResult<Vec, Float> h : hits) {
                    int i = h.item().id();
                    if (Arrays.binarySearch(seen.indices(), seen.start(u), seen.end(u), i) < 0) {
                        float s = 0;
                        for (int j = 0; j < f; j++) {
                            s += uf[u * f + j] * rows[i * f + j];
                        }
                        out.add(new ScoredItem(model.items().id(i), s));
                    }
                }
                out.sort((x, y) -> Double.compare(y.score(), x.score()));
                return out.subList(0, Math.min(10, out.size()));
            });
        }
    }

    private record Vec(Integer id, float[] vector) implements Item<Integer, float[]> {
        @Override
        public int dimensions() {
            return vector.length;
        }
    }

    static AlsModel model(int items, String from) {
        var rnd = new SplittableRandom(42);
        int f = 64;
        float[] uf;
        int users;
        float[] itf;
        if ("als".equals(from)) {
            AlsModel trained = new AlsTrainer(AlsHyperparameters.builder().factors(f).iterations(5).threads(2).build())
                    .fit(SyntheticData.movieLens1m().generate());
            float[] base = trained.itemFactors();
            int nb = trained.items().size();
            itf = SyntheticData.growItemFactors(base, nb, items, f, rnd);
            uf = trained.userFactors();
            users = trained.users().size();
        } else {
            users = 6040;
            uf = new float[users * f];
            for (int p = 0; p < uf.length; p++) {
                uf[p] = (float) (0.1 * rnd.nextGaussian());
            }
            itf = new float[items * f];
            for (int p = 0; p < itf.length; p++) {
                itf[p] = (float) (0.1 * rnd.nextGaussian());
            }
        }
        long[] userIds = new long[users];
        for (int u = 0; u < users; u++) {
            userIds[u] = u + 1L;
        }
        long[] itemIds = new long[items];
        for (int i = 0; i < items; i++) {
            itemIds[i] = i + 1L;
        }
        int[] indptr = new int[users + 1];
        int[] indices = new int[users * SEEN];
        for (int u = 0; u < users; u++) {
            int[] s = rnd.ints(0, items).distinct().limit(SEEN).sorted().toArray();
            System.arraycopy(s, 0, indices, u * SEEN, SEEN);
            indptr[u + 1] = (u + 1) * SEEN;
        }
        var seen = CsrMatrix.of(users, items, indptr, indices, new float[indices.length], null);
        return AlsModel.of(IdIndex.of(userIds), IdIndex.of(itemIds), f, uf, itf, seen, null);
    }

    private static double pct(long[] nanos, double p) {
        long[] c = nanos.clone();
        Arrays.sort(c);
        return c[(int) Math.min(c.length - 1, Math.floor(p * c.length))] / 1e3;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            long total = 0;
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }
}
