package io.recsys.spark;

import io.recsys.core.RecsysException;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.registry.FileSystemModelRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark job: reads ratings, optionally evaluates leave-last-out, fits ALS on every rating,
 * writes the factor artifacts and the training manifest, and publishes them to a file-system
 * registry. Run it with {@code spark-submit --class io.recsys.spark.SparkAlsJob
 * recsys-spark-job.jar ...} on a cluster, or {@code ./recsys train --engine spark} on one machine.
 * Exit status: 0 done, 1 failed (the reason on stderr, no stack trace), 2 usage.
 */
@Command(name = "recsys-spark-als", mixinStandardHelpOptions = true, version = "recsys-spark 0.1.0",
        description = "Train ALS on Spark MLlib; write recsys artifacts and a training manifest; optionally publish.")
public final class SparkAlsJob implements Callable<Integer> {
    @Option(names = {"--ratings", "--data-path", "--data_path"}, required = true, paramLabel = "PATH",
            description = "Ratings file or Parquet directory (local path or any Hadoop file system URI)")
    String ratings;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FMT",
            description = "auto, udata, dat, csv, parquet or csv:DELIM:HEADER:USER:ITEM:RATING:TS (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = {"--skip-malformed", "--skip_malformed"}, description = "Drop and count malformed rows instead of failing")
    boolean skipMalformed;

    @Option(names = {"--output-dir", "--output_dir"}, required = true, paramLabel = "DIR",
            description = "Where the driver writes the artifacts (a local or mounted path)")
    Path outputDir;

    @Option(names = "--registry", paramLabel = "DIR",
            description = "Publish to this file-system registry (every node and server must reach it)")
    Path registry;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[2] (default: spark-submit's)")
    String master;

    @Option(names = {"--rank", "--factors"}, defaultValue = "64", description = "Latent factors (default: ${DEFAULT-VALUE})")
    int rank;

    @Option(names = "--iterations", defaultValue = "15", description = "ALS sweeps (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = {"--reg-param", "--regularization"}, defaultValue = "0.1",
            description = "L2 weight lambda, scaled per row as ALS-WR (default: ${DEFAULT-VALUE})")
    double regParam;

    @Option(names = "--alpha", defaultValue = "3.0", description = "Implicit confidence 1 + alpha * r (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--explicit", description = "Explicit ALS on the rating values instead of implicit feedback")
    boolean explicit;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--evaluate", description = "Also evaluate leave-last-out (HR/NDCG@K) and record it as the metrics")
    boolean evaluate;

    @Option(names = "--k", defaultValue = "10", description = "Evaluation cut-off (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = {"--model-version", "--model_version"}, paramLabel = "ID", description = "Manifest model_version")
    String modelVersion;

    @Option(names = {"--data-version", "--data_version"}, paramLabel = "ID",
            description = "Dataset snapshot id (default: the file's SHA-256 when it is a local file)")
    String dataVersion;

    @Option(names = {"--manifest-dir", "--manifest_dir"}, paramLabel = "DIR",
            description = "Where to write manifests (default: the output directory)")
    Path manifestDir;

    @Option(names = "--no-latest", description = "Publish without moving latest.txt")
    boolean noLatest;

    @Option(names = "--checkpoint-dir", paramLabel = "URI",
            description = "Checkpoint directory for ALS's factors on a file system every executor reaches "
                    + "(default: a temporary directory with a local master, none otherwise)")
    String checkpointDir;

    @Option(names = "--verbose", description = "Keep Spark's INFO log")
    boolean verbose;

    /**
     * @param args command-line arguments ({@code --help} lists them)
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the job in this JVM and returns its exit status.
     *
     * @param args command-line arguments
     * @return 0 done, 1 failed, 2 usage
     */
    public static int run(String... args) {
        return new CommandLine(new SparkAlsJob())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof RecsysException || e instanceof IllegalArgumentException || e instanceof IOException
                            || e instanceof UncheckedIOException || e instanceof org.apache.spark.sql.AnalysisException
                            || e instanceof org.apache.spark.SparkException) {
                        cmd.getErr().println("error: " + e.getMessage());
                        return 1;
                    }
                    throw e;
                })
                .execute(args);
    }

    @Override
    public Integer call() throws IOException {
        var parameters = new SparkAlsParameters(rank, iterations, regParam, alpha, !explicit, seed);
        SparkSession.Builder builder = SparkSession.builder().appName("recsys-als");
        if (master != null) {
            builder.master(master);
            if (master.startsWith("local")) {
                // One machine: no UI port, loopback only.
                builder.config("spark.ui.enabled", "false")
                        .config("spark.driver.host", "127.0.0.1")
                        .config("spark.driver.bindAddress", "127.0.0.1");
            }
        }
        SparkSession spark = builder.getOrCreate();
        Path temporaryCheckpoints = null;
        try {
            if (!verbose) {
                spark.sparkContext().setLogLevel("WARN");
            }
            if (checkpointDir != null) {
                spark.sparkContext().setCheckpointDir(checkpointDir);
            } else if (spark.sparkContext().isLocal()) {
                temporaryCheckpoints = Files.createTempDirectory("recsys-spark-checkpoints");
                spark.sparkContext().setCheckpointDir(temporaryCheckpoints.toString());
            } else if (iterations > 5) {
                System.err.println("warning: no --checkpoint-dir: ALS's lineage grows with every sweep and may overflow "
                        + "the driver's stack; give a directory every executor can write (HDFS, S3A)");
            }
            if (!spark.conf().contains("spark.sql.shuffle.partitions") || master != null && master.startsWith("local")) {
                // 200 shuffle partitions (Spark's default) is far too many for one machine.
                spark.conf().set("spark.sql.shuffle.partitions",
                        Integer.toString(Math.max(2, 2 * spark.sparkContext().defaultParallelism())));
            }
            PrintStream out = System.out;
            var spec = SparkTraining.Spec.builder(ratings, outputDir)
                    .format(format)
                    .skipMalformed(skipMalformed)
                    .parameters(parameters)
                    .evaluate(evaluate, k)
                    .modelVersion(modelVersion)
                    .dataVersion(dataVersion)
                    .manifestDir(manifestDir)
                    .build();
            SparkTraining.Result result = SparkTraining.run(spark, spec, out);
            if (registry != null) {
                RegisteredVersion v = SparkTraining.publish(new FileSystemModelRegistry(registry), result, !noLatest);
                out.printf(Locale.ROOT, "published %s to %s%n", v.version(), registry);
            }
            return 0;
        } finally {
            spark.stop();
            deleteRecursively(temporaryCheckpoints);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
