package io.recsys.examples.cli;

import io.recsys.als.AlsArtifacts;
import io.recsys.als.AlsHyperparameters;
import io.recsys.als.HybridArtifacts;
import io.recsys.als.SequenceHyperparameters;
import io.recsys.als.data.Interactions;
import io.recsys.als.eval.StreamingEvaluation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code recsys evaluate --streaming}: runs {@link StreamingEvaluation} for every (cut, seed) pair
 * and reports each strategy's mean HR/NDCG with the sample standard deviation over the runs, and
 * every run beside them.
 */
final class StreamingReport {
    private StreamingReport() {
    }

    static Map<String, Object> run(Interactions data, AlsHyperparameters hp, SequenceHyperparameters sequence,
                                   double[] cuts, long[] seeds, int k, double retrainDays) {
        var runs = new ArrayList<StreamingEvaluation.Result>();
        for (double cut : cuts) {
            for (long seed : seeds) {
                var plan = new StreamingEvaluation.Plan(hp.toBuilder().seed(seed).build(), sequence, cut, k, retrainDays);
                runs.add(StreamingEvaluation.run(data, plan));
            }
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("protocol", "streaming: global time cut at each quantile; train before it; replay the later "
                + "interactions in time order, asking for the top K before each and applying it after; "
                + "metrics are means over (cut, seed) runs with the sample standard deviation");
        out.put("k", k);
        out.put("cuts", cuts);
        out.put("seeds", seeds);
        out.put("retrain_every_days", retrainDays);
        out.put("hyperparameters", AlsArtifacts.hyperparameters(hp));
        if (sequence != null) {
            out.put("sequence", HybridArtifacts.sequence(sequence));
        }
        var strategies = new LinkedHashMap<String, Object>();
        for (int s = 0; s < runs.get(0).metrics().size(); s++) {
            final int index = s;
            double[] hr = runs.stream().mapToDouble(r -> r.metrics().get(index).hitRate()).toArray();
            double[] ndcg = runs.stream().mapToDouble(r -> r.metrics().get(index).ndcg()).toArray();
            var m = new LinkedHashMap<String, Object>();
            m.put("hr", mean(hr));
            m.put("hr_std", std(hr));
            m.put("ndcg", mean(ndcg));
            m.put("ndcg_std", std(ndcg));
            double[] knownNdcg = runs.stream().mapToDouble(r -> r.metrics().get(index).knownNdcg()).toArray();
            m.put("known_users_hr", mean(runs.stream().mapToDouble(r -> r.metrics().get(index).knownHitRate()).toArray()));
            m.put("known_users_ndcg", mean(knownNdcg));
            m.put("known_users_ndcg_std", std(knownNdcg));
            strategies.put(runs.get(0).metrics().get(s).strategy(), m);
        }
        out.put("strategies", strategies);
        var per = new ArrayList<Map<String, Object>>();
        for (var r : runs) {
            var row = new LinkedHashMap<String, Object>();
            row.put("cut", r.cut());
            row.put("seed", r.seed());
            row.put("cut_timestamp", r.cutTimestamp());
            row.put("train_interactions", r.trainInteractions());
            row.put("events", r.events());
            row.put("users", r.users());
            row.put("cold_users", r.coldUsers());
            row.put("known_user_events", r.knownEvents());
            row.put("retrains", r.retrains());
            var metrics = new LinkedHashMap<String, Object>();
            for (var m : r.metrics()) {
                metrics.put(m.strategy(), Map.of("hr", m.hitRate(), "ndcg", m.ndcg(), "known_users_hr", m.knownHitRate(),
                        "known_users_ndcg", m.knownNdcg()));
            }
            row.put("metrics", metrics);
            row.put("seconds", r.seconds());
            per.add(row);
        }
        out.put("runs", per);
        return out;
    }

    /** One line per strategy: mean ± std of NDCG and HR. */
    @SuppressWarnings("unchecked")
    static List<String> lines(Map<String, Object> report) {
        var lines = new ArrayList<String>();
        var strategies = (Map<String, Map<String, Object>>) report.get("strategies");
        strategies.forEach((name, m) -> lines.add(String.format(Locale.ROOT,
                "%-22s NDCG@K=%.4f ± %.4f  HR@K=%.4f ± %.4f  known users: NDCG@K=%.4f ± %.4f", name,
                (double) m.get("ndcg"), (double) m.get("ndcg_std"), (double) m.get("hr"), (double) m.get("hr_std"),
                (double) m.get("known_users_ndcg"), (double) m.get("known_users_ndcg_std"))));
        return lines;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }
}
