package io.recsys.experiments;

import io.recsys.core.event.UserEventType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges the per-user entries of a window's buckets into one {@link UserOutcomes} per variant,
 * keeping only users below the sampling rate (entries written while a purge ran may remain above
 * it), leaving out users seen in several variants, and adding each user's totals in the period
 * before the window as the pre-exposure covariate.
 */
final class UserWindowBuilder {
    private static final UserStats.UserTotals NONE = new UserStats.UserTotals();
    private final double rate;
    private final Map<String, Map<Long, UserStats.UserTotals>> perVariant = new TreeMap<>();
    private final Map<Long, UserStats.UserTotals> preWindow = new HashMap<>();

    UserWindowBuilder(double rate) {
        this.rate = rate;
    }

    void addWindowBucket(TimeBucket bucket) {
        for (Map.Entry<String, TimeBucket.VariantCounters> v : bucket.variants.entrySet()) {
            Map<Long, UserStats.UserTotals> users = perVariant.computeIfAbsent(v.getKey(), k -> new HashMap<>());
            for (Map.Entry<Long, UserStats> u : v.getValue().users.entrySet()) {
                if (UserSampler.position(u.getKey()) < rate) {
                    u.getValue().addTo(users.computeIfAbsent(u.getKey(), k -> new UserStats.UserTotals()));
                }
            }
        }
    }

    void addPreWindowBucket(TimeBucket bucket) {
        for (TimeBucket.VariantCounters vc : bucket.variants.values()) {
            for (Map.Entry<Long, UserStats> u : vc.users.entrySet()) {
                u.getValue().addTo(preWindow.computeIfAbsent(u.getKey(), k -> new UserStats.UserTotals()));
            }
        }
    }

    /** @return the outcomes per variant */
    Map<String, UserOutcomes> build() {
        Map<Long, Integer> variantsOfUser = new HashMap<>();
        for (Map<Long, UserStats.UserTotals> users : perVariant.values()) {
            for (Long user : users.keySet()) {
                variantsOfUser.merge(user, 1, Integer::sum);
            }
        }
        Map<String, UserOutcomes> out = new TreeMap<>();
        for (Map.Entry<String, Map<Long, UserStats.UserTotals>> v : perVariant.entrySet()) {
            Map<Long, UserStats.UserTotals> users = v.getValue();
            int n = 0;
            long shared = 0;
            for (Long user : users.keySet()) {
                if (variantsOfUser.get(user) == 1) {
                    n++;
                } else {
                    shared++;
                }
            }
            long[] requests = new long[n];
            long[] successes = new long[n];
            double[] latencySum = new double[n];
            long[] latencies = new long[n];
            UserStats.UserTotals[] pre = new UserStats.UserTotals[n];
            Map<UserEventType, long[]> feedback = new EnumMap<>(UserEventType.class);
            for (UserEventType t : UserEventType.values()) {
                feedback.put(t, new long[n]);
            }
            int i = 0;
            for (Map.Entry<Long, UserStats.UserTotals> u : users.entrySet()) {
                if (variantsOfUser.get(u.getKey()) != 1) {
                    continue;
                }
                UserStats.UserTotals t = u.getValue();
                requests[i] = t.requests;
                successes[i] = t.successes;
                latencySum[i] = t.latencySumMs;
                latencies[i] = t.latencies;
                for (UserEventType type : UserEventType.values()) {
                    feedback.get(type)[i] = t.feedback[type.ordinal()];
                }
                pre[i] = preWindow.getOrDefault(u.getKey(), NONE);
                i++;
            }
            out.put(v.getKey(), new UserOutcomes(rate, requests, successes, latencySum, latencies,
                    feedback, pre, shared));
        }
        return out;
    }
}
