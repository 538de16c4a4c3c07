package io.recsys.examples.cli;

import io.recsys.als.AlsArtifacts;
import io.recsys.als.AlsHyperparameters;
import io.recsys.als.AlsModel;
import io.recsys.als.AlsModelLoader;
import io.recsys.als.HybridArtifacts;
import io.recsys.als.HybridModel;
import io.recsys.als.HybridModelLoader;
import io.recsys.als.SequenceHyperparameters;
import io.recsys.als.SequenceTables;
import io.recsys.als.eval.HybridTuner;
import io.recsys.als.eval.SeedEvaluation;
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
 * Read ratings, optionally tune and evaluate (leave-last-out), fit ALS or the sequence-aware hybrid
 * on all rows, write the artifacts
 * and the training manifest. Shared by {@code train}, {@code retrain}, {@code demo} and the
 * retraining scheduler.
 */
final class TrainingPipeline {

    /**
     * What to train on and how.
     *
     * @param model "als", "als-seq", or null for the hybrid when the data has timestamps, else ALS
     * @param tuneBudget tune on the data (validation carved from it) within this budget, or null
     */
    record Spec(Path ratings, RatingsFormat format, OnMalformed onMalformed, AlsHyperparameters hyperparameters,
                Path outputDir, String modelVersion, String dataVersion, Path manifestDir, boolean evaluate, int k,
                String model, SequenceHyperparameters sequence, Duration tuneBudget, int tuneTrials) {

        /** Plain ALS with the given hyperparameters (retraining, the serving process). */
        Spec(Path ratings, RatingsFormat format, OnMalformed onMalformed, AlsHyperparameters hyperparameters,
             Path outputDir, String modelVersion, String dataVersion, Path manifestDir, boolean evaluate, int k) {
            this(ratings, format, onMalformed, hyperparameters, outputDir, modelVersion, dataVersion, manifestDir, evaluate,
                    k, AlsModelLoader.MODEL_NAME, SequenceHyperparameters.defaults(), null, 1);
        }
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
        boolean hybrid = ModelOptions.isHybrid(spec.model(), all);
        if (spec.tuneBudget() != null && !hybrid) {
            throw new IllegalArgumentException("--tune searches the hybrid (als-seq); it needs timestamps and not --model als");
        }
        AlsHyperparameters hp = spec.hyperparameters();
        SequenceHyperparameters seq = spec.sequence();
        var metrics = new LinkedHashMap<String, Object>();
        if (spec.evaluate()) {
            // With tuning, the evaluation tunes again on its own training part, so its test users stay unseen.
            var outcome = SeedEvaluation.run(all, new SeedEvaluation.Plan(hp, seq, hybrid, new long[] {hp.seed()},
                    spec.tuneBudget(), spec.tuneTrials(), spec.k()));
            var seed = outcome.seeds().get(0);
            EvaluationReport report = hybrid ? seed.hybrid() : seed.als();
            metrics.put("hr", report.hitRate());
            metrics.put("ndcg", report.ndcg());
            metrics.putAll(report.toMap());
            out.printf(Locale.ROOT, "evaluation (leave-last-out): %s [%s]%n", report, hybrid ? "als-seq" : "als");
        }
        Map<String, Object> tuningRecord = null;
        if (spec.tuneBudget() != null) {
            HybridTuner.Result tuned = HybridTuner.tune(all, hp, seq, spec.tuneBudget(), spec.tuneTrials(), spec.k());
            hp = tuned.als();
            seq = tuned.sequence();
            tuningRecord = tuningRecord(tuned);
            out.printf(Locale.ROOT, "tuned in %.1fs over %d candidates: validation NDCG@%d %.4f (start %.4f)%n",
                    tuned.elapsed().toNanos() / 1e9, tuned.trials(), tuned.k(), tuned.validationNdcg(), tuned.baselineNdcg());
        }
        final int iterations = hp.iterations();
        long start = System.nanoTime();
        AlsModel model = new AlsTrainer(hp).fit(all, stats ->
                out.printf(Locale.ROOT, "iteration %2d/%d  loss %.6g  %.2fs%n", stats.iteration(),
                        iterations, stats.loss(), stats.elapsed().toNanos() / 1e9));
        HybridModel hybridModel = hybrid ? new HybridModel(model, SequenceTables.build(all, seq), seq) : null;
        Duration fit = Duration.ofNanos(System.nanoTime() - start);
        Files.createDirectories(spec.outputDir());
        var hyper = new LinkedHashMap<String, Object>(AlsArtifacts.hyperparameters(hp));
        if (hybridModel != null) {
            HybridArtifacts.write(spec.outputDir(), hybridModel, metrics,
                    tuningRecord == null ? Map.of() : Map.of("tuning", tuningRecord));
            hyper.put("sequence", HybridArtifacts.sequence(seq));
            if (tuningRecord != null) {
                hyper.put("tuning", tuningRecord);
            }
        } else {
            AlsArtifacts.write(spec.outputDir(), model, metrics);
        }
        var mb = TrainingManifest.builder(hybrid ? HybridModelLoader.MODEL_NAME : AlsModelLoader.MODEL_NAME)
                .gitFrom(Path.of("").toAbsolutePath())
                .dataset(spec.ratings())
                .rowCount(data.linesRead() - data.skippedLines())
                .uniqueUsers(all.users().size())
                .uniqueMovies(all.items().size())
                .hyperparameters(hyper)
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

    /** The chosen values and validation score of a tuning run, for meta.json and the manifest. */
    static Map<String, Object> tuningRecord(HybridTuner.Result r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("validation", "leave-last-out carved from the training interactions");
        m.put("validation_ndcg@" + r.k(), r.validationNdcg());
        m.put("start_validation_ndcg@" + r.k(), r.baselineNdcg());
        m.put("validation_users", r.validationUsers());
        m.put("trials", r.trials());
        m.put("seconds", r.elapsed().toNanos() / 1e9);
        m.put("als", AlsArtifacts.hyperparameters(r.als()));
        m.put("sequence", HybridArtifacts.sequence(r.sequence()));
        return m;
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
