package io.recsys.als.eval;

import io.recsys.als.AlsHyperparameters;
import io.recsys.als.AlsModel;
import io.recsys.als.AlsTrainer;
import io.recsys.als.HybridModel;
import io.recsys.als.SequenceHyperparameters;
import io.recsys.als.SequenceTables;
import io.recsys.als.data.Interactions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Leave-last-out evaluation over several seeds, of ALS and (optionally) the sequence-aware hybrid,
 * under both tie rules, with optional tuning on the training part only ({@link HybridTuner}: the
 * held-out test interactions are split off first and never reach the search).
 */
public final class SeedEvaluation {

    private SeedEvaluation() {
    }

    /**
     * What to evaluate.
     *
     * @param als ALS values (the seed is replaced by each evaluated seed)
     * @param sequence sequence values
     * @param hybrid also evaluate the hybrid
     * @param seeds the seeds, at least one
     * @param tuneBudget tuning time budget, or null for no tuning
     * @param tuneTrials at most this many tuning candidates
     * @param k cut-off
     */
    public record Plan(AlsHyperparameters als, SequenceHyperparameters sequence, boolean hybrid, long[] seeds,
                       Duration tuneBudget, int tuneTrials, int k) {
        /** Validates. */
        public Plan {
            if (seeds.length == 0 || k < 1 || tuneTrials < 1) {
                throw new IllegalArgumentException("need at least one seed, k >= 1 and tuneTrials >= 1");
            }
        }
    }

    /**
     * One seed's metrics.
     *
     * @param seed the ALS seed
     * @param als ALS, deterministic tie rule
     * @param alsTiesAgainst ALS, ties counted against the held-out item
     * @param hybrid the hybrid, deterministic tie rule (null when not evaluated)
     * @param hybridTiesAgainst the hybrid, ties against (null when not evaluated)
     */
    public record SeedResult(long seed, EvaluationReport als, TiesAgainstEvaluator.Report alsTiesAgainst,
                             EvaluationReport hybrid, TiesAgainstEvaluator.Report hybridTiesAgainst) {
    }

    /**
     * Everything measured.
     *
     * @param seeds per-seed metrics in the plan's order
     * @param popularity the popularity baseline
     * @param als the ALS values used (after tuning)
     * @param sequence the sequence values used (after tuning)
     * @param tuning the tuning record, or null
     */
    public record Outcome(List<SeedResult> seeds, EvaluationReport popularity, AlsHyperparameters als,
                          SequenceHyperparameters sequence, HybridTuner.Result tuning) {
    }

    /**
     * @param all every interaction, with timestamps
     * @param plan what to evaluate
     * @return the metrics
     */
    public static Outcome run(Interactions all, Plan plan) {
        LeaveLastOutSplit split = LeaveLastOutSplit.of(all);
        AlsHyperparameters als = plan.als();
        SequenceHyperparameters sequence = plan.sequence();
        HybridTuner.Result tuning = null;
        if (plan.tuneBudget() != null) {
            tuning = HybridTuner.tune(split.train(), als, sequence, plan.tuneBudget(), plan.tuneTrials(), plan.k());
            als = tuning.als();
            sequence = tuning.sequence();
        }
        SequenceTables tables = plan.hybrid() ? SequenceTables.build(split.train(), sequence) : null;
        var results = new ArrayList<SeedResult>();
        for (long seed : plan.seeds()) {
            AlsModel model = new AlsTrainer(als.toBuilder().seed(seed).build()).fit(split.train());
            var alsRec = model.toRecommender();
            EvaluationReport hybrid = null;
            TiesAgainstEvaluator.Report hybridTies = null;
            if (tables != null) {
                var rec = new HybridModel(model, tables, sequence).toRecommender();
                hybrid = Evaluator.evaluate(rec, split, plan.k());
                hybridTies = TiesAgainstEvaluator.evaluate(rec, split, plan.k());
            }
            results.add(new SeedResult(seed, Evaluator.evaluate(alsRec, split, plan.k()),
                    TiesAgainstEvaluator.evaluate(alsRec, split, plan.k()), hybrid, hybridTies));
        }
        EvaluationReport pop = Evaluator.evaluate(Evaluator.popularity(split), split, plan.k());
        return new Outcome(List.copyOf(results), pop, als, sequence, tuning);
    }
}
