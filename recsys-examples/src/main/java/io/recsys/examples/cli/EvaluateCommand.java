package io.recsys.examples.cli;

import io.recsys.als.AlsArtifacts;
import io.recsys.als.HybridArtifacts;
import io.recsys.als.data.RatingsReader;
import io.recsys.als.eval.EvaluationReport;
import io.recsys.als.eval.SeedEvaluation;
import io.recsys.als.eval.TiesAgainstEvaluator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code recsys evaluate}: leave-last-out evaluation over one or more seeds of ALS, the hybrid
 * (when meant) and the popularity baseline, under both tie rules; with {@code --tune}, the values
 * are tuned on the training part only.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Leave-last-out evaluation of the hybrid (when timestamps exist), ALS and the popularity baseline; "
                + "means over --seeds with each seed beside them.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    AlsOptions als;

    @Mixin
    ModelOptions model;

    @Option(names = "--k", defaultValue = "10", description = "Cut-off K (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--seeds", split = ",", paramLabel = "N[,N...]",
            description = "ALS seeds to average over (default: --seed or the library's)")
    long[] seeds;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Option(names = "--streaming", description = "Streaming evaluation instead of leave-last-out: global time cut, "
            + "replay of the later interactions in time order; compares frozen, fold-in and retrained models")
    boolean streaming;

    @Option(names = "--cuts", split = ",", paramLabel = "Q[,Q...]", defaultValue = "0.8",
            description = "--streaming: time cuts as quantiles of the interactions (default: ${DEFAULT-VALUE})")
    double[] cuts;

    @Option(names = "--retrain-every-days", paramLabel = "DAYS", defaultValue = "0",
            description = "--streaming: also retrain every DAYS days after the cut (default: ${DEFAULT-VALUE} = never)")
    double retrainEveryDays;

    @Override
    public Integer call() throws IOException {
        AlsOptions.requireRatings(als.ratings);
        var data = als.ratingsFormat() == null ? RatingsReader.read(als.ratings)
                : RatingsReader.read(als.ratings, als.ratingsFormat(), als.onMalformed());
        var hp = als.hyperparameters();
        boolean hybrid = ModelOptions.isHybrid(model.modelName(), data.interactions());
        if (model.tune && !hybrid) {
            throw new IllegalArgumentException("--tune searches the hybrid (als-seq); it needs timestamps and not --model als");
        }
        long[] runSeeds = seeds == null || seeds.length == 0 ? new long[] {hp.seed()} : seeds;
        if (streaming) {
            var report = StreamingReport.run(data.interactions(), hp, hybrid ? model.sequence() : null, cuts, runSeeds,
                    k, retrainEveryDays);
            report.put("ratings", als.ratings.toString());
            if (json) {
                System.out.println(RecsysCli.JSON.writeValueAsString(report));
            } else {
                StreamingReport.lines(report).forEach(System.out::println);
            }
            return 0;
        }
        long start = System.nanoTime();
        var outcome = SeedEvaluation.run(data.interactions(), new SeedEvaluation.Plan(hp, model.sequence(), hybrid,
                runSeeds, model.tuneBudget(), model.tuneTrials, k));
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> alsReport = summary(outcome.seeds(), SeedEvaluation.SeedResult::als,
                SeedEvaluation.SeedResult::alsTiesAgainst);
        Map<String, Object> hybridReport = hybrid ? summary(outcome.seeds(), SeedEvaluation.SeedResult::hybrid,
                SeedEvaluation.SeedResult::hybridTiesAgainst) : null;
        if (json) {
            var out = new LinkedHashMap<String, Object>();
            out.put("ratings", als.ratings.toString());
            out.put("k", k);
            out.put("protocol", "leave-last-out: latest interaction per user (ties: larger item id) held out; "
                    + "users with >= 2 interactions; training items excluded; full ranking; metrics are means over seeds");
            out.put("model", hybrid ? "als-seq" : "als");
            out.put("seeds", runSeeds);
            out.put("hyperparameters", AlsArtifacts.hyperparameters(outcome.als()));
            if (hybrid) {
                out.put("sequence", HybridArtifacts.sequence(outcome.sequence()));
            }
            if (outcome.tuning() != null) {
                out.put("tuning", TrainingPipeline.tuningRecord(outcome.tuning()));
            }
            out.put("als", alsReport);
            if (hybrid) {
                out.put("hybrid", hybridReport);
            }
            out.put("popularity", report(outcome.popularity()));
            out.put("fit_and_evaluate_seconds", seconds);
            System.out.println(RecsysCli.JSON.writeValueAsString(out));
        } else {
            System.out.printf(Locale.ROOT, "%-11s %s%n", "als", line(alsReport));
            if (hybrid) {
                System.out.printf(Locale.ROOT, "%-11s %s%n", "als-seq", line(hybridReport));
            }
            System.out.printf(Locale.ROOT, "%-11s %s%n", "popularity", outcome.popularity());
        }
        return 0;
    }

    private static String line(Map<String, Object> r) {
        return String.format(Locale.ROOT, "NDCG@K=%.4f ± %.4f HR@K=%.4f (ties against: NDCG %.4f, HR %.4f) over %s seeds",
                (double) r.get("ndcg"), (double) r.get("ndcg_std"), (double) r.get("hr"), (double) r.get("ndcg_ties_against"),
                (double) r.get("hr_ties_against"), ((List<?>) r.get("per_seed")).size());
    }

    /** Means over seeds (the headline keys), the spread, and each seed's values beside them. */
    static Map<String, Object> summary(List<SeedEvaluation.SeedResult> seeds,
                                       Function<SeedEvaluation.SeedResult, EvaluationReport> ordered,
                                       Function<SeedEvaluation.SeedResult, TiesAgainstEvaluator.Report> against) {
        var m = new LinkedHashMap<String, Object>();
        m.put("hr", mean(seeds, s -> ordered.apply(s).hitRate()));
        m.put("ndcg", mean(seeds, s -> ordered.apply(s).ndcg()));
        m.put("ndcg_std", std(seeds, s -> ordered.apply(s).ndcg()));
        m.put("ndcg_min", seeds.stream().mapToDouble(s -> ordered.apply(s).ndcg()).min().orElse(0));
        m.put("ndcg_max", seeds.stream().mapToDouble(s -> ordered.apply(s).ndcg()).max().orElse(0));
        m.put("hr_ties_against", mean(seeds, s -> against.apply(s).hitRate()));
        m.put("ndcg_ties_against", mean(seeds, s -> against.apply(s).ndcg()));
        m.put("precision", mean(seeds, s -> ordered.apply(s).precision()));
        m.put("recall", mean(seeds, s -> ordered.apply(s).recall()));
        m.put("map", mean(seeds, s -> ordered.apply(s).map()));
        m.put("coverage", mean(seeds, s -> ordered.apply(s).coverage()));
        m.put("test_users", ordered.apply(seeds.get(0)).users());
        var per = new ArrayList<Map<String, Object>>();
        for (var s : seeds) {
            var row = new LinkedHashMap<String, Object>();
            row.put("seed", s.seed());
            row.putAll(report(ordered.apply(s)));
            row.put("hr_ties_against", against.apply(s).hitRate());
            row.put("ndcg_ties_against", against.apply(s).ndcg());
            per.add(row);
        }
        m.put("per_seed", per);
        return m;
    }

    private static double mean(List<SeedEvaluation.SeedResult> seeds,
                               java.util.function.ToDoubleFunction<SeedEvaluation.SeedResult> f) {
        return seeds.stream().mapToDouble(f).average().orElse(0);
    }

    /** Sample standard deviation (0 for one seed). */
    private static double std(List<SeedEvaluation.SeedResult> seeds,
                              java.util.function.ToDoubleFunction<SeedEvaluation.SeedResult> f) {
        if (seeds.size() < 2) {
            return 0;
        }
        double mean = mean(seeds, f);
        double ss = seeds.stream().mapToDouble(f).map(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(ss / (seeds.size() - 1));
    }

    static Map<String, Object> report(EvaluationReport r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("hr", r.hitRate());
        m.put("ndcg", r.ndcg());
        m.put("precision", r.precision());
        m.put("recall", r.recall());
        m.put("map", r.map());
        m.put("coverage", r.coverage());
        m.put("test_users", r.users());
        return m;
    }
}
