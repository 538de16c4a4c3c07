package io.recsys.examples.cli;

import io.recsys.als.AlsArtifacts;
import io.recsys.als.AlsHyperparameters;
import io.recsys.als.AlsModel;
import io.recsys.als.AlsTrainer;
import io.recsys.als.data.Interactions;
import io.recsys.als.data.OnMalformed;
import io.recsys.als.data.RatingsFormat;
import io.recsys.als.data.RatingsReader;
import io.recsys.als.data.ReadResult;
import io.recsys.als.eval.EvaluationReport;
import io.recsys.als.eval.Evaluator;
import io.recsys.als.eval.LeaveLastOutSplit;
import io.recsys.provenance.manifest.ManifestWriter;
import io.recsys.provenance.manifest.TrainingManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Read ratings, optionally evaluate (leave-last-out), fit ALS on all rows, write the artifacts
 * and the training manifest. Shared by {@code train}, {@code retrain}, {@code demo} and the
 * retraining scheduler.
 */
final class TrainingPipeline {

    /** What to train on and how. */
    record Spec(Path ratings, RatingsFormat format, OnMalformed onMalformed, AlsHyperparameters hyperparameters,
                Path outputDir, String modelVersion, String dataVersion, Path manifestDir, boolean evaluate, int k) {
    }

    /** What a run produced. */
    record Result(Path artifactDir, Path manifestFile, TrainingManifest manifest, Map<String, Object> metrics,
                  ReadResult data, Duration fitTime) {
    }

    private TrainingPipeline() {
    }

    static Result run(Spec spec, PrintStream out) throws IOException {
        ReadResult data = spec.format() == null
                ? RatingsReader.read(spec.ratings())
                : RatingsReader.read(spec.ratings(), spec.format(), spec.onMalformed());
        Interactions all = data.interactions();
        out.printf(Locale.ROOT, "read %s: %d rows, %d users, %d items%s%n", spec.ratings(), data.linesRead(),
                all.users().size(), all.items().size(),
                data.skippedLines() > 0 ? ", skipped " + data.skippedLines() + " malformed lines" : "");
        var metrics = new LinkedHashMap<String, Object>();
        if (spec.evaluate()) {
            EvaluationReport als = evaluate(all, spec.hyperparameters(), spec.k());
            metrics.put("hr", als.hitRate());
            metrics.put("ndcg", als.ndcg());
            metrics.putAll(als.toMap());
            out.printf(Locale.ROOT, "evaluation (leave-last-out): %s%n", als);
        }
        long start = System.nanoTime();
        AlsModel model = new AlsTrainer(spec.hyperparameters()).fit(all, stats ->
                out.printf(Locale.ROOT, "iteration %2d/%d  loss %.6g  %.2fs%n", stats.iteration(),
                        spec.hyperparameters().iterations(), stats.loss(), stats.elapsed().toNanos() / 1e9));
        Duration fit = Duration.ofNanos(System.nanoTime() - start);
        Files.createDirectories(spec.outputDir());
        AlsArtifacts.write(spec.outputDir(), model, metrics);
        var mb = TrainingManifest.builder("als")
                .gitFrom(Path.of("").toAbsolutePath())
                .dataset(spec.ratings())
                .rowCount(data.linesRead() - data.skippedLines())
                .uniqueUsers(all.users().size())
                .uniqueMovies(all.items().size())
                .hyperparameters(AlsArtifacts.hyperparameters(spec.hyperparameters()))
                .artifactsFrom(spec.outputDir());
        if (spec.modelVersion() != null) {
            mb.modelVersion(spec.modelVersion());
        }
        if (spec.dataVersion() != null) {
            mb.datasetVersion(spec.dataVersion());
        }
        TrainingManifest manifest = mb.build();
        var written = ManifestWriter.write(manifest, spec.manifestDir() != null ? spec.manifestDir() : spec.outputDir());
        out.printf(Locale.ROOT, "trained %s in %.2fs; artifacts in %s; manifest %s (sha256 %s)%n",
                manifest.modelVersion(), fit.toNanos() / 1e9, spec.outputDir(), written.pointer(),
                manifest.manifestSha256());
        return new Result(spec.outputDir(), written.pointer(), manifest, metrics, data, fit);
    }

    /** Leave-last-out: fit on all but each user's latest interaction, rank the held-out item. */
    static EvaluationReport evaluate(Interactions all, AlsHyperparameters hp, int k) {
        LeaveLastOutSplit split = LeaveLastOutSplit.of(all);
        AlsModel model = new AlsTrainer(hp).fit(split.train());
        return Evaluator.evaluate(model.toRecommender(), split, k);
    }

    static EvaluationReport evaluatePopularity(Interactions all, int k) {
        LeaveLastOutSplit split = LeaveLastOutSplit.of(all);
        return Evaluator.evaluate(Evaluator.popularity(split), split, k);
    }
}
