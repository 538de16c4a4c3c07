package io.recsys.als.eval;

import io.recsys.als.AlsHyperparameters;
import io.recsys.als.AlsModel;
import io.recsys.als.AlsTrainer;
import io.recsys.als.FoldInSettings;
import io.recsys.als.HybridTrainer;
import io.recsys.als.RecencyRule;
import io.recsys.als.SequenceHyperparameters;
import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.Interactions;
import io.recsys.core.Recommender;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Streaming evaluation: does a model that learns from live events between trainings predict the
 * next interaction better than a frozen one?
 *
 * <p>Protocol: all interactions sorted by (timestamp, user, item); a global time cut {@code T} at
 * the {@code cut} quantile; the model is trained on everything before {@code T}; the later
 * interactions are replayed in time order. Before each one the strategy is asked for the user's
 * top {@code k} (HR@k and NDCG@k of that interaction, every replayed event counting once, including
 * items and users the model never saw), then the interaction is applied. Strategies:
 * <ul>
 *   <li>{@code frozen}: the model as trained (training items excluded);</li>
 *   <li>{@code frozen+seen}: the same vectors, with the user's live items excluded too (what
 *       exclusion alone brings);</li>
 *   <li>{@code fold-in}: every event folded into the user's vector ({@link io.recsys.core.foldin.FoldIn},
 *       the serving rule, its live window and exclusions), and {@code fold-in/no-recency} with the
 *       recency discount of live events switched off;</li>
 *   <li>{@code retrain-Nd} and {@code retrain-Nd+fold-in}: retrained from scratch on everything seen
 *       at {@code T}, {@code T + N} days, ... (when {@code retrainEveryDays > 0});</li>
 *   <li>{@code als-seq frozen} / {@code als-seq fold-in}: the sequence-aware hybrid, whose live
 *       state also feeds its recent items (when sequence settings are given).</li>
 * </ul>
 */
public final class StreamingEvaluation {
    private static final double SECONDS_PER_DAY = 86_400.0;

    /**
     * @param als ALS hyperparameters (its seed is the run's seed)
     * @param sequence hybrid settings, or null to leave the hybrid out
     * @param cut the time cut as a quantile of the interactions, in (0, 1)
     * @param k the cut-off
     * @param retrainEveryDays retraining period in days, or 0 for none
     */
    public record Plan(AlsHyperparameters als, SequenceHyperparameters sequence, double cut, int k,
                       double retrainEveryDays) {
        /** Validates the ranges. */
        public Plan {
            Objects.requireNonNull(als, "als");
            if (!(cut > 0 && cut < 1)) {
                throw new IllegalArgumentException("cut must be in (0, 1), got " + cut);
            }
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1");
            }
            if (!(retrainEveryDays >= 0) || Double.isInfinite(retrainEveryDays)) {
                throw new IllegalArgumentException("retrainEveryDays must be finite and >= 0");
            }
        }
    }

    /**
     * @param strategy the strategy's name
     * @param hitRate HR@k over the replayed events
     * @param ndcg NDCG@k over the replayed events
     * @param knownHitRate HR@k over the events of users the first model was trained with
     * @param knownNdcg NDCG@k over those events
     */
    public record Metric(String strategy, double hitRate, double ndcg, double knownHitRate, double knownNdcg) {
    }

    /**
     * @param cut the cut quantile
     * @param seed the ALS seed
     * @param cutTimestamp {@code T}, in the data's time unit (epoch seconds for MovieLens)
     * @param trainInteractions interactions before {@code T}
     * @param events replayed interactions
     * @param users users with replayed interactions
     * @param coldUsers of which unknown to the model at {@code T}
     * @param knownEvents replayed interactions of users the model knew at {@code T}
     * @param retrains models fitted after the first (per retraining strategy)
     * @param metrics one per strategy
     * @param seconds wall time of the run
     */
    public record Result(double cut, long seed, long cutTimestamp, int trainInteractions, int events, int users,
                         int coldUsers, int knownEvents, int retrains, List<Metric> metrics, double seconds) {
        /** Copies the metrics. */
        public Result {
            metrics = List.copyOf(metrics);
        }
    }

    private StreamingEvaluation() {
    }

    /**
     * Runs the protocol once.
     *
     * @param data interactions with timestamps
     * @param plan what to compare
     * @return the metrics of every strategy
     * @throws IllegalArgumentException when the data have no timestamps or the cut leaves no side
     */
    public static Result run(Interactions data, Plan plan) {
        if (!data.hasTimestamps()) {
            throw new IllegalArgumentException("streaming evaluation needs timestamps");
        }
        long started = System.nanoTime();
        EventLog log = EventLog.of(data);
        int cutIndex = log.firstAtOrAfter(log.time(Math.min(log.size() - 1, (int) (plan.cut() * log.size()))));
        if (cutIndex == 0 || cutIndex >= log.size()) {
            throw new IllegalArgumentException("the cut " + plan.cut() + " leaves no training or no test interactions");
        }
        long cutTime = log.time(cutIndex);
        Interactions train = log.prefix(cutIndex);
        AlsModel als = new AlsTrainer(plan.als()).fit(train);
        FoldInSettings settings = FoldInSettings.of(plan.als());
        var replays = new ArrayList<Replay>();
        replays.add(new Replay("frozen", als.toRecommender(), false, false));
        replays.add(new Replay("frozen+seen", als.toRecommender(), false, true));
        replays.add(new Replay("fold-in", als.toRecommender(als.toRecommender().info(), settings), true, false));
        replays.add(new Replay("fold-in/no-recency", als.toRecommender(als.toRecommender().info(),
                settings.withRecency(RecencyRule.NONE)), true, false));
        Replay retrained = null;
        Replay retrainedFolding = null;
        if (plan.retrainEveryDays() > 0) {
            String name = "retrain-" + fmt(plan.retrainEveryDays()) + "d";
            retrained = new Replay(name, als.toRecommender(), false, true);
            retrainedFolding = new Replay(name + "+fold-in", als.toRecommender(), true, false);
            replays.add(retrained);
            replays.add(retrainedFolding);
        }
        if (plan.sequence() != null) {
            var hybrid = new HybridTrainer(plan.als(), plan.sequence()).fit(train);
            replays.add(new Replay("als-seq frozen", hybrid.toRecommender(), false, false));
            replays.add(new Replay("als-seq fold-in", hybrid.toRecommender(), true, false));
        }
        long period = Math.round(plan.retrainEveryDays() * SECONDS_PER_DAY);
        long nextRetrain = period > 0 ? cutTime + period : Long.MAX_VALUE;
        int retrains = 0;
        var users = new java.util.HashSet<Long>();
        var cold = new java.util.HashSet<Long>();
        int knownEvents = 0;
        for (int e = cutIndex; e < log.size(); e++) {
            long t = log.time(e);
            if (t >= nextRetrain) {
                while (nextRetrain <= t) {
                    nextRetrain += period;
                }
                AlsModel fresh = new AlsTrainer(plan.als()).fit(log.prefix(log.firstAtOrAfter(nextRetrain - period)));
                retrained.reset(fresh.toRecommender());
                retrainedFolding.reset(fresh.toRecommender());
                retrains++;
            }
            long user = log.user(e);
            if (users.add(user) && als.users().indexOf(user) < 0) {
                cold.add(user);
            }
            boolean known = !cold.contains(user);
            if (known) {
                knownEvents++;
            }
            for (Replay r : replays) {
                r.askThenApply(user, log.item(e), log.value(e), t, plan.k(), known);
            }
        }
        var metrics = new ArrayList<Metric>();
        int n = log.size() - cutIndex;
        for (Replay r : replays) {
            int kn = Math.max(1, knownEvents);
            metrics.add(new Metric(r.name, r.hits / n, r.ndcg / n, r.knownHits / kn, r.knownNdcg / kn));
        }
        return new Result(plan.cut(), plan.als().seed(), cutTime, cutIndex, n, users.size(), cold.size(), knownEvents,
                retrains,
                metrics, (System.nanoTime() - started) / 1e9);
    }

    private static String fmt(double days) {
        return days == Math.rint(days) ? Long.toString((long) days) : Double.toString(days);
    }

    /** Every interaction as parallel arrays sorted by (timestamp, user, item). */
    private record EventLog(long[] users, long[] items, float[] values, long[] times) {
        static EventLog of(Interactions data) {
            CsrMatrix m = data.byUser();
            int n = m.nnz();
            Integer[] order = new Integer[n];
            long[] u = new long[n];
            long[] i = new long[n];
            float[] v = new float[n];
            long[] t = new long[n];
            for (int row = 0; row < m.rows(); row++) {
                for (int p = m.start(row); p < m.end(row); p++) {
                    u[p] = data.users().id(row);
                    i[p] = data.items().id(m.column(p));
                    v[p] = m.value(p);
                    t[p] = m.timestamp(p);
                    order[p] = p;
                }
            }
            java.util.Arrays.sort(order, (a, b) -> t[a] != t[b] ? Long.compare(t[a], t[b])
                    : u[a] != u[b] ? Long.compare(u[a], u[b]) : Long.compare(i[a], i[b]));
            long[] su = new long[n];
            long[] si = new long[n];
            float[] sv = new float[n];
            long[] st = new long[n];
            for (int q = 0; q < n; q++) {
                su[q] = u[order[q]];
                si[q] = i[order[q]];
                sv[q] = v[order[q]];
                st[q] = t[order[q]];
            }
            return new EventLog(su, si, sv, st);
        }

        int size() {
            return times.length;
        }

        long user(int e) {
            return users[e];
        }

        long item(int e) {
            return items[e];
        }

        float value(int e) {
            return values[e];
        }

        long time(int e) {
            return times[e];
        }

        /** @return the index of the first event at or after {@code t} */
        int firstAtOrAfter(long t) {
            int lo = 0;
            int hi = times.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] < t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** @return the first {@code n} events as interactions */
        Interactions prefix(int n) {
            var b = Interactions.builder();
            for (int e = 0; e < n; e++) {
                b.add(users[e], items[e], values[e], times[e]);
            }
            return b.build();
        }
    }

    /** One strategy's replay: its model, the users' live states or live items, and its running sums. */
    private static final class Replay {
        final String name;
        final boolean fold;
        final boolean excludeLive;
        Recommender model;
        final java.util.Map<Long, io.recsys.core.foldin.UserState> states = new java.util.HashMap<>();
        final java.util.Map<Long, List<Long>> live = new java.util.HashMap<>();
        double hits;
        double ndcg;
        double knownHits;
        double knownNdcg;

        Replay(String name, Recommender model, boolean fold, boolean excludeLive) {
            this.name = name;
            this.model = model;
            this.fold = fold;
            this.excludeLive = excludeLive;
        }

        void reset(Recommender fresh) {
            model = fresh;
            states.clear();
            live.clear();
        }

        void askThenApply(long user, long item, float value, long time, int k, boolean known) {
            List<io.recsys.core.ScoredItem> top;
            var state = fold ? states.get(user) : null;
            if (state != null) {
                top = ((io.recsys.core.foldin.FoldIn) model).recommend(user, state, k, io.recsys.core.Exclusions.seen());
            } else if (excludeLive && live.containsKey(user)) {
                long[] seen = live.get(user).stream().mapToLong(Long::longValue).toArray();
                top = model.recommend(user, k, io.recsys.core.Exclusions.of(true, seen));
            } else {
                top = model.recommend(user, k);
            }
            for (int r = 0; r < top.size(); r++) {
                if (top.get(r).itemId() == item) {
                    double gain = 1.0 / (Math.log(r + 2) / Math.log(2));
                    hits++;
                    ndcg += gain;
                    if (known) {
                        knownHits++;
                        knownNdcg += gain;
                    }
                    break;
                }
            }
            if (fold) {
                var event = new io.recsys.core.event.UserEvent(null, user, item, io.recsys.core.event.UserEventType.RATE,
                        value, time * 1000);
                var next = ((io.recsys.core.foldin.FoldIn) model).foldIn(user, state, event);
                if (next != null) {
                    states.put(user, next);
                }
            } else if (excludeLive) {
                live.computeIfAbsent(user, x -> new ArrayList<>()).add(item);
            }
        }
    }
}
