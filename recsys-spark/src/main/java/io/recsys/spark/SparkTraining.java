package io.recsys.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.core.ModelRegistry;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.factors.FactorArtifacts;
import io.recsys.core.factors.FactorSet;
import io.recsys.provenance.manifest.ManifestBuilder;
import io.recsys.provenance.manifest.ManifestWriter;
import io.recsys.provenance.manifest.ProvenanceExport;
import io.recsys.provenance.manifest.TrainingManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.SparkSession;

/**
 * One training run on Spark, the counterpart of the in-process training pipeline: read, optionally
 * evaluate (leave-last-out), fit on every rating, write the factor artifacts with {@code meta.json}
 * and the training manifest, then (separately) publish. The manifest records the same fields as
 * the in-process trainer's, its hyperparameters adding {@code engine = spark}, the Spark version
 * and the master.
 */
public final class SparkTraining {
    /** The {@code engine} recorded in {@code meta.json} and the manifest's hyperparameters. */
    public static final String ENGINE = "spark";
    /** The model name the artifacts are published under (the {@code als} loader reads them). */
    public static final String MODEL_NAME = "als";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SparkTraining() {
    }

    /**
     * What to train on and how. Obtain one with {@link #builder(String, Path)}.
     *
     * @param ratings the ratings path or URI
     * @param outputDir where the driver writes the artifacts
     * @param format the ratings format ({@link RatingsInput#read})
     * @param skipMalformed drop malformed rows instead of failing
     * @param parameters ALS settings
     * @param evaluate also evaluate leave-last-out
     * @param k evaluation cut-off
     * @param modelVersion manifest {@code model_version}, or null for the default
     * @param dataVersion dataset snapshot id, or null for the file's SHA-256
     * @param manifestDir where manifests go, or null for the output directory
     */
    public record Spec(String ratings, Path outputDir, String format, boolean skipMalformed, SparkAlsParameters parameters,
                       boolean evaluate, int k, String modelVersion, String dataVersion, Path manifestDir) {

        /** Validates the required parts. */
        public Spec {
            Objects.requireNonNull(ratings, "ratings");
            Objects.requireNonNull(outputDir, "outputDir");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(parameters, "parameters");
            if (k < 1) {
                throw new IllegalArgumentException("k must be at least 1, got " + k);
            }
        }

        /**
         * @param ratings the ratings path or URI
         * @param outputDir where the artifacts go
         * @return a builder with the defaults (auto format, fail on malformed rows, default ALS
         *     settings, no evaluation, K = 10)
         */
        public static Builder builder(String ratings, Path outputDir) {
            return new Builder(ratings, outputDir);
        }

        /** Builds a {@link Spec}. */
        public static final class Builder {
            private final String ratings;
            private final Path outputDir;
            private String format = "auto";
            private boolean skipMalformed;
            private SparkAlsParameters parameters = SparkAlsParameters.defaults();
            private boolean evaluate;
            private int k = 10;
            private String modelVersion;
            private String dataVersion;
            private Path manifestDir;

            private Builder(String ratings, Path outputDir) {
                this.ratings = ratings;
                this.outputDir = outputDir;
            }

            /** @param value the format @return this */
            public Builder format(String value) {
                this.format = value;
                return this;
            }

            /** @param value drop malformed rows instead of failing @return this */
            public Builder skipMalformed(boolean value) {
                this.skipMalformed = value;
                return this;
            }

            /** @param value ALS settings @return this */
            public Builder parameters(SparkAlsParameters value) {
                this.parameters = value;
                return this;
            }

            /** @param value whether to evaluate @param cutOff K @return this */
            public Builder evaluate(boolean value, int cutOff) {
                this.evaluate = value;
                this.k = cutOff;
                return this;
            }

            /** @param value manifest model version, or null @return this */
            public Builder modelVersion(String value) {
                this.modelVersion = value;
                return this;
            }

            /** @param value dataset snapshot id, or null @return this */
            public Builder dataVersion(String value) {
                this.dataVersion = value;
                return this;
            }

            /** @param value manifests directory, or null @return this */
            public Builder manifestDir(Path value) {
                this.manifestDir = value;
                return this;
            }

            /** @return the spec */
            public Spec build() {
                return new Spec(ratings, outputDir, format, skipMalformed, parameters, evaluate, k, modelVersion,
                        dataVersion, manifestDir);
            }
        }
    }

    /**
     * What a run produced.
     *
     * @param artifactDir the artifacts
     * @param manifestFile the manifest pointer ({@code model_manifest.json})
     * @param manifest the manifest
     * @param metrics the evaluation metrics (empty without evaluation)
     * @param fitTime the fit on every rating, factors materialised
     */
    public record Result(Path artifactDir, Path manifestFile, TrainingManifest manifest, Map<String, Object> metrics,
                         Duration fitTime) {
    }

    /**
     * @param spark the session
     * @param spec what to do
     * @param out progress lines
     * @return the artifacts and manifest
     * @throws IOException when writing fails
     */
    public static Result run(SparkSession spark, Spec spec, PrintStream out) throws IOException {
        RatingsInput.Read read = RatingsInput.read(spark, spec.ratings(), spec.format(), spec.skipMalformed());
        var ratings = read.ratings();
        long users = ratings.select(RatingsInput.USER).distinct().count();
        long items = ratings.select(RatingsInput.ITEM).distinct().count();
        out.printf(Locale.ROOT, "read %s: %d rows, %d users, %d items%s; Spark %s, master %s%n", spec.ratings(),
                read.rowsRead(), users, items, read.malformed() > 0 ? ", skipped " + read.malformed() + " malformed rows" : "",
                spark.version(), spark.sparkContext().master());
        var metrics = new LinkedHashMap<String, Object>();
        if (spec.evaluate()) {
            LeaveLastOutEvaluation.Report report = LeaveLastOutEvaluation.evaluate(ratings, spec.parameters(), spec.k());
            metrics.putAll(report.toMap());
            out.printf(Locale.ROOT, "evaluation (leave-last-out, Spark): HR@%d %.4f  NDCG@%d %.4f  (%d users)%n", report.k(),
                    report.hitRate(), report.k(), report.ndcg(), report.testUsers());
        }
        long start = System.nanoTime();
        ALSModel model = SparkAls.fit(ratings, spec.parameters());
        Duration fit = Duration.ofNanos(System.nanoTime() - start);
        FactorSet factors = FactorExport.collect(model, ratings);
        ratings.unpersist();
        Path dir = spec.outputDir();
        FactorArtifacts.write(dir, factors);
        Map<String, Object> hyperparameters = hyperparameters(spark, spec.parameters());
        Map<String, Object> meta = FactorArtifacts.meta(MODEL_NAME, factors);
        meta.put("engine", ENGINE);
        meta.put("hyperparameters", hyperparameters);
        meta.put("metrics", metrics);
        meta.put("fit_seconds", fit.toNanos() / 1e9);
        meta.put("history", List.of());
        JSON.writeValue(dir.resolve(FactorArtifacts.META).toFile(), meta);

        ManifestBuilder mb = TrainingManifest.builder(MODEL_NAME)
                .gitFrom(Path.of("").toAbsolutePath())
                .rowCount(read.rowsRead() - read.malformed())
                .uniqueUsers(users)
                .uniqueMovies(items)
                .hyperparameters(hyperparameters)
                .artifactsFrom(dir);
        Path local = localFile(spec.ratings());
        if (local != null) {
            mb.dataset(local);
        } else {
            mb.datasetPath(spec.ratings());
        }
        if (spec.modelVersion() != null) {
            mb.modelVersion(spec.modelVersion());
        }
        if (spec.dataVersion() != null) {
            mb.datasetVersion(spec.dataVersion());
        }
        TrainingManifest manifest = mb.build();
        var written = ManifestWriter.write(manifest, spec.manifestDir() != null ? spec.manifestDir() : dir);
        out.printf(Locale.ROOT, "trained %s on Spark in %.2fs (rank %d, %d users, %d items); artifacts in %s; manifest %s%n",
                manifest.modelVersion(), fit.toNanos() / 1e9, factors.factors(), factors.users(), factors.items(), dir,
                written.pointer());
        return new Result(dir, written.pointer(), manifest, metrics, fit);
    }

    /**
     * Publishes a run's artifacts with its manifest (the registry version links both), its numeric
     * metrics recorded on the version.
     *
     * @param registry the registry
     * @param result the run
     * @param makeLatest move {@code latest.txt} to the new version
     * @return the new version
     */
    public static RegisteredVersion publish(ModelRegistry registry, Result result, boolean makeLatest) {
        var numeric = new LinkedHashMap<String, Object>();
        result.metrics().forEach((key, v) -> {
            if (v instanceof Number) {
                numeric.put(key, v);
            }
        });
        return ProvenanceExport.publish(registry, result.artifactDir(), result.manifestFile(),
                b -> b.metrics(numeric).makeLatest(makeLatest).imageDigest(System.getenv("CONTAINER_IMAGE_DIGEST")));
    }

    /** The manifest's hyperparameters: the ALS settings, the engine, the Spark version and master. */
    static Map<String, Object> hyperparameters(SparkSession spark, SparkAlsParameters p) {
        var m = new LinkedHashMap<String, Object>(p.toMap());
        m.put("engine", ENGINE);
        m.put("spark_version", spark.version());
        m.put("spark_master", spark.sparkContext().master());
        m.put("spark_default_parallelism", spark.sparkContext().defaultParallelism());
        return m;
    }

    /** A ratings path the driver can hash (no scheme or {@code file:}, a regular file), else null. */
    static Path localFile(String ratings) {
        try {
            URI uri = URI.create(ratings.replace(" ", "%20"));
            Path p = uri.getScheme() == null ? Path.of(ratings)
                    : "file".equalsIgnoreCase(uri.getScheme()) ? Path.of(uri) : null;
            return p != null && Files.isRegularFile(p) ? p : null;
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }
}
