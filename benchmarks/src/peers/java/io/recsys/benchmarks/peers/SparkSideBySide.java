package io.recsys.benchmarks.peers;

import io.recsys.als.AlsHyperparameters;
import io.recsys.als.AlsModel;
import io.recsys.als.AlsTrainer;
import io.recsys.als.HybridModel;
import io.recsys.als.SequenceHyperparameters;
import io.recsys.als.SequenceTables;
import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.Interactions;
import io.recsys.als.data.RatingsReader;
import io.recsys.als.data.SyntheticData;
import io.recsys.als.eval.EvaluationReport;
import io.recsys.als.eval.Evaluator;
import io.recsys.als.eval.LeaveLastOutSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark MLlib ALS and recsys ALS side by side on the same data and the same leave-last-out
 * protocol: Spark's user and item factors are imported into {@link AlsModel#of} so that the very
 * same {@link Evaluator} (K = 10, seen items left out) scores both. Data: MovieLens 100K
 * ({@code u.data}) and latest-small ({@code ratings.csv}) when present, and the synthetic
 * MovieLens-1M shape ({@link SyntheticData#movieLens1m()}; left out with {@code --no-synthetic}). Spark: local mode with one worker thread per core,
 * implicit preferences, rank 64, 15 iterations, regParam 0.1, alpha 10 and alpha 1 (its other
 * settings at their defaults; confidence {@code 1 + alpha r} on the rating value, as recsys').
 * recsys: the library defaults ({@link AlsHyperparameters#defaults()}), and the sequence-aware
 * hybrid built on that same ALS fit with its default tables ({@link SequenceHyperparameters#defaults()}). Each model's fit is timed
 * after one untimed single-iteration fit on the same data (JIT and, for Spark, job set-up warm).
 *
 * <p>Build and run only with the {@code peers} profile (Spark is not part of the default build):
 * {@code ./mvnw -q -Ppeers -DskipTests -pl benchmarks -am package}, then
 * {@code benchmarks/peers/spark-side-by-side.sh [DATA_DIR] [--no-synthetic]} (it adds the {@code --add-opens}
 * flags Spark needs on Java 17). {@code DATA_DIR} defaults to {@code ../shared/data} when that
 * exists, else {@code /work/shared/data}.
 */
public final class SparkSideBySide {
    private static final int K = 10;

    private SparkSideBySide() {
    }

    /**
     * @param args optional data directory
     * @throws IOException when a data file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path dataDir = args.length > 0 ? Path.of(args[0])
                : Files.isDirectory(Path.of("../shared/data")) ? Path.of("../shared/data") : Path.of("/work/shared/data");
        int cores = Runtime.getRuntime().availableProcessors();
        SparkSession spark = SparkSession.builder()
                .master("local[" + cores + "]")
                .appName("recsys-side-by-side")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", Integer.toString(2 * cores))
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        System.out.printf(Locale.ROOT, "Spark %s local[%d]; recsys ALS defaults: %s%n", spark.version(), cores,
                AlsHyperparameters.defaults());
        var rows = new ArrayList<String>();
        try {
            Path ml100k = dataDir.resolve("ml-100k/u.data");
            if (Files.isRegularFile(ml100k)) {
                compare(spark, "ml-100k", RatingsReader.read(ml100k).interactions(), rows);
            } else {
                System.out.println(ml100k + ": absent, skipped");
            }
            Path latestSmall = dataDir.resolve("ml-latest-small/ratings.csv");
            if (Files.isRegularFile(latestSmall)) {
                compare(spark, "ml-latest-small", RatingsReader.read(latestSmall).interactions(), rows);
            }
            if (!List.of(args).contains("--no-synthetic")) {
                compare(spark, "synthetic ML-1M", SyntheticData.movieLens1m().generate(), rows);
            }
        } finally {
            spark.stop();
        }
        System.out.println();
        System.out.println("| data | model | fit s | HR@10 | NDCG@10 | fit time / recsys |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: |");
        rows.forEach(System.out::println);
    }

    private static void compare(SparkSession spark, String name, Interactions data, List<String> rows) {
        var split = LeaveLastOutSplit.of(data);
        Interactions train = split.train();
        System.out.printf(Locale.ROOT, "%s: %s, %d test users; load average %s%n", name, data, split.testCount(), loadAverage());

        AlsHyperparameters hp = AlsHyperparameters.defaults();
        new AlsTrainer(hp.toBuilder().iterations(1).build()).fit(train);
        long t0 = System.nanoTime();
        AlsModel ours = new AlsTrainer(hp).fit(train);
        double oursFit = (System.nanoTime() - t0) / 1e9;
        EvaluationReport oursReport = Evaluator.evaluate(ours.toRecommender(), split, K);
        rows.add(row(name, "recsys ALS (defaults: alpha 3, lambda 0.1, 3 CG steps, position recency h 3)", oursFit,
                oursReport, 1.0));
        System.out.println(rows.get(rows.size() - 1));
        long h0 = System.nanoTime();
        var tables = SequenceTables.build(train, SequenceHyperparameters.defaults());
        double tablesFit = (System.nanoTime() - h0) / 1e9;
        EvaluationReport hybridReport = Evaluator.evaluate(
                new HybridModel(ours, tables, SequenceHyperparameters.defaults()).toRecommender(), split, K);
        rows.add(row(name, "recsys hybrid als-seq (defaults; fit = ALS + tables)", oursFit + tablesFit, hybridReport,
                (oursFit + tablesFit) / oursFit));
        System.out.println(rows.get(rows.size() - 1));

        Dataset<Row> frame = toFrame(spark, train).cache();
        frame.count();
        for (double alpha : new double[] {10.0, 1.0}) {
            ALS als = new ALS().setImplicitPrefs(true).setRank(64).setMaxIter(15).setRegParam(0.1).setAlpha(alpha)
                    .setUserCol("user").setItemCol("item").setRatingCol("rating").setSeed(42L);
            als.copy(als.extractParamMap()).setMaxIter(1).fit(frame);
            long s0 = System.nanoTime();
            ALSModel model = als.fit(frame);
            // Factors are computed lazily in part: materialise both before stopping the clock.
            List<Row> userRows = model.userFactors().collectAsList();
            List<Row> itemRows = model.itemFactors().collectAsList();
            double fit = (System.nanoTime() - s0) / 1e9;
            AlsModel imported = importFactors(train, model.rank(), userRows, itemRows);
            EvaluationReport report = Evaluator.evaluate(imported.toRecommender(), split, K);
            rows.add(row(name, String.format(Locale.ROOT, "Spark ALS (regParam 0.1, alpha %s)", trim(alpha)), fit, report,
                    fit / oursFit));
            System.out.println(rows.get(rows.size() - 1));
        }
        frame.unpersist();
    }

    /** Training interactions as (user index, item index, rating) rows. */
    private static Dataset<Row> toFrame(SparkSession spark, Interactions train) {
        CsrMatrix m = train.byUser();
        var list = new ArrayList<Row>(m.nnz());
        for (int u = 0; u < m.rows(); u++) {
            for (int p = m.start(u); p < m.end(u); p++) {
                list.add(RowFactory.create(u, m.column(p), m.value(p)));
            }
        }
        StructType schema = new StructType()
                .add("user", DataTypes.IntegerType, false)
                .add("item", DataTypes.IntegerType, false)
                .add("rating", DataTypes.FloatType, false);
        return spark.createDataFrame(list, schema);
    }

    /**
     * Spark's factors as a recsys model: rows by index, ids from the training data; an item Spark
     * never saw in training keeps a zero vector (score 0), as it has no factors there either.
     */
    private static AlsModel importFactors(Interactions train, int rank, List<Row> userRows, List<Row> itemRows) {
        float[] users = new float[train.userCount() * rank];
        float[] items = new float[train.itemCount() * rank];
        copy(userRows, users, rank);
        copy(itemRows, items, rank);
        return AlsModel.of(train.users(), train.items(), rank, users, items, train.byUser(), train.itemCounts());
    }

    private static void copy(List<Row> rows, float[] target, int rank) {
        for (Row r : rows) {
            int index = r.getInt(0);
            List<Object> features = r.getList(1);
            for (int j = 0; j < rank; j++) {
                target[index * rank + j] = ((Number) features.get(j)).floatValue();
            }
        }
    }

    private static String row(String data, String model, double fit, EvaluationReport r, double ratio) {
        return String.format(Locale.ROOT, "| %s | %s | %.1f | %.4f | %.4f | %.2f |", data, model, fit, r.hitRate(), r.ndcg(),
                ratio);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
