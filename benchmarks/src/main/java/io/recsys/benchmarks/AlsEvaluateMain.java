package io.recsys.benchmarks;

import io.recsys.als.AlsHyperparameters;
import io.recsys.als.AlsModel;
import io.recsys.als.AlsTrainer;
import io.recsys.als.data.Interactions;
import io.recsys.als.data.RatingsReader;
import io.recsys.als.data.SyntheticData;
import io.recsys.als.eval.EvaluationReport;
import io.recsys.als.eval.Evaluator;
import io.recsys.als.eval.LeaveLastOutSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints the offline evaluation tables used in the docs: ALS with the library defaults against
 * the popularity baseline, leave-last-out, K = 10, on MovieLens 100K and MovieLens latest-small
 * (each skipped when its file is absent), and the synthetic MovieLens-1M shape with its fit time.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.recsys.benchmarks.AlsEvaluateMain
 * [dataDir] [threads]} (default {@code /work/shared/data}, 2 threads).
 */
public final class AlsEvaluateMain {

    private AlsEvaluateMain() {
    }

    /**
     * @param args optional data directory and thread count
     * @throws IOException when a data file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "/work/shared/data");
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        AlsHyperparameters hp = AlsHyperparameters.builder().threads(threads).build();
        System.out.println("ALS defaults: " + hp);
        System.out.println();
        for (String file : new String[] {"ml-100k/u.data", "ml-latest-small/ratings.csv"}) {
            Path path = dataDir.resolve(file);
            if (!Files.isRegularFile(path)) {
                System.out.println(file + ": absent, skipped");
                continue;
            }
            evaluate(file, RatingsReader.read(path).interactions(), hp);
        }
        long t0 = System.nanoTime();
        Interactions synthetic = SyntheticData.movieLens1m().generate();
        System.out.printf(Locale.ROOT, "synthetic ML-1M generated in %.2f s: %s%n", (System.nanoTime() - t0) / 1e9, synthetic);
        // Warm the JIT on one sweep, then time the documented configuration (64 factors, 15 sweeps).
        new AlsTrainer(hp.toBuilder().iterations(1).build()).fit(synthetic);
        for (int run = 1; run <= 2; run++) {
            long f0 = System.nanoTime();
            new AlsTrainer(hp.toBuilder().factors(64).iterations(15).build()).fit(synthetic);
            System.out.printf(Locale.ROOT, "synthetic ML-1M fit, 64 factors, 15 iterations, %d threads: %.2f s (run %d)%n",
                    threads, (System.nanoTime() - f0) / 1e9, run);
        }
        evaluate("synthetic ML-1M", synthetic, hp);
    }

    private static void evaluate(String name, Interactions data, AlsHyperparameters hp) {
        var split = LeaveLastOutSplit.of(data);
        EvaluationReport pop = Evaluator.evaluate(Evaluator.popularity(split), split, 10);
        long t0 = System.nanoTime();
        AlsModel model = new AlsTrainer(hp).fit(split.train());
        double fit = (System.nanoTime() - t0) / 1e9;
        EvaluationReport als = Evaluator.evaluate(model.toRecommender(), split, 10);
        System.out.printf(Locale.ROOT, "%s: %s, %d test users, leave-last-out, K=10 (ALS fit %.2f s)%n", name, data,
                split.testCount(), fit);
        System.out.println("| model | HR@10 | NDCG@10 | P@10 | R@10 | MAP@10 | coverage |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        row("popularity", pop);
        row("ALS (defaults)", als);
        System.out.println();
    }

    private static void row(String name, EvaluationReport r) {
        System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |%n", name, r.hitRate(), r.ndcg(),
                r.precision(), r.recall(), r.map(), r.coverage());
    }
}
