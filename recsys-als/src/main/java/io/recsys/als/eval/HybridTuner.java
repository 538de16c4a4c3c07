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
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Tunes the hybrid's hyperparameters from training data only: the validation split is carved
 * from the interactions it is given by the same leave-last-out rule as the test split (each
 * user's latest training interaction), so the caller's test interactions are never seen as long
 * as it passes only its training part.
 *
 * <p>The search runs in two stages within a time budget. First the ALS grid (factors, lambda,
 * alpha, recency half-life), starting from the given values and continuing in an order shuffled
 * by the ALS seed, scored as the hybrid with the given sequence values, for up to 60 % of the
 * budget (and half the trials). Then, on the best ALS fit (no refit), the sequence grid (window, recent items, blend).
 * Each candidate is scored by NDCG@K on the validation split ({@link Evaluator}'s tie rule). The
 * given values are always tried first, so the result is never worse on validation than them. How
 * many candidates fit in the budget depends on the machine; the result records the count.
 */
public final class HybridTuner {
    private static final int[] FACTORS = {32, 64, 128};
    private static final double[] LAMBDA = {0.03, 0.1, 0.3};
    private static final double[] ALPHA = {1, 3, 10};
    private static final double[] HALF_LIFE = {2, 3, 5, 10};
    private static final int[] WINDOW = {2, 3, 5, 8};
    private static final int[] RECENT = {3, 5, 10};
    private static final double[] BLEND = {0.2, 0.5, 1.0, 2.0};

    private HybridTuner() {
    }

    /**
     * The chosen values and how they were found.
     *
     * @param als the chosen ALS hyperparameters
     * @param sequence the chosen sequence hyperparameters
     * @param validationNdcg their NDCG@K on the validation split
     * @param baselineNdcg the starting values' NDCG@K on the validation split
     * @param k the cut-off
     * @param trials candidates scored
     * @param validationUsers users in the validation split
     * @param elapsed time spent
     */
    public record Result(AlsHyperparameters als, SequenceHyperparameters sequence, double validationNdcg,
                         double baselineNdcg, int k, int trials, int validationUsers, Duration elapsed) {
    }

    /**
     * @param train the training interactions (never the test part), with timestamps
     * @param als starting ALS values (also the seed and threads of every fit)
     * @param sequence starting sequence values
     * @param budget time budget; at least the starting values are scored
     * @param maxTrials at most this many candidates (including the start), so a search can be bounded
     *     independently of the machine's speed
     * @param k cut-off
     * @return the best values found
     * @throws IllegalArgumentException when the interactions have no timestamps
     */
    public static Result tune(Interactions train, AlsHyperparameters als, SequenceHyperparameters sequence,
                              Duration budget, int maxTrials, int k) {
        Objects.requireNonNull(budget, "budget");
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        long alsDeadline = start + budget.toNanos() * 6 / 10;
        LeaveLastOutSplit validation = LeaveLastOutSplit.of(train);
        Interactions fitOn = validation.train();
        SequenceTables baseTables = SequenceTables.build(fitOn, sequence);

        AlsHyperparameters bestAls = als;
        AlsModel bestModel = new AlsTrainer(als).fit(fitOn);
        double baseline = score(new HybridModel(bestModel, baseTables, sequence), validation, k);
        double best = baseline;
        int trials = 1;
        for (AlsHyperparameters candidate : alsGrid(als)) {
            if (System.nanoTime() >= alsDeadline || trials >= (maxTrials + 1) / 2) {
                break;
            }
            AlsModel model = new AlsTrainer(candidate).fit(fitOn);
            double s = score(new HybridModel(model, baseTables, sequence), validation, k);
            trials++;
            if (s > best) {
                best = s;
                bestAls = candidate;
                bestModel = model;
            }
        }
        SequenceHyperparameters bestSeq = sequence;
        for (SequenceHyperparameters candidate : sequenceGrid(sequence)) {
            if (System.nanoTime() >= deadline || trials >= maxTrials) {
                break;
            }
            double s = score(new HybridModel(bestModel, SequenceTables.build(fitOn, candidate), candidate), validation, k);
            trials++;
            if (s > best) {
                best = s;
                bestSeq = candidate;
            }
        }
        return new Result(bestAls, bestSeq, best, baseline, k, trials, validation.testCount(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static double score(HybridModel model, LeaveLastOutSplit validation, int k) {
        return Evaluator.evaluate(model.toRecommender(), validation, k).ndcg();
    }

    /** The ALS grid without the starting point, in an order shuffled by the seed. */
    static List<AlsHyperparameters> alsGrid(AlsHyperparameters base) {
        var grid = new ArrayList<AlsHyperparameters>();
        for (int f : FACTORS) {
            for (double l : LAMBDA) {
                for (double a : ALPHA) {
                    for (double h : HALF_LIFE) {
                        var c = base.toBuilder().factors(f).regularization(l).alpha(a).recencyHalfLife(h).build();
                        if (!c.equals(base)) {
                            grid.add(c);
                        }
                    }
                }
            }
        }
        shuffle(grid, base.seed());
        return grid;
    }

    /** The sequence grid without the starting point, in a fixed order. */
    static List<SequenceHyperparameters> sequenceGrid(SequenceHyperparameters base) {
        var grid = new ArrayList<SequenceHyperparameters>();
        for (int w : WINDOW) {
            for (int r : RECENT) {
                for (double b : BLEND) {
                    var c = base.toBuilder().window(w).recentItems(r).blend(b).build();
                    if (!c.equals(base)) {
                        grid.add(c);
                    }
                }
            }
        }
        return grid;
    }

    private static <T> void shuffle(List<T> list, long seed) {
        var rnd = new SplittableRandom(seed);
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
