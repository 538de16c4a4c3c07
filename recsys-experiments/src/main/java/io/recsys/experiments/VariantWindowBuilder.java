package io.recsys.experiments;

import io.recsys.core.event.UserEventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Sums one variant's buckets of a window into a {@link VariantWindow}. */
final class VariantWindowBuilder {
    private final long[] requestsPerBucket;
    private final long[] successesPerBucket;
    private final long[][] feedbackPerBucket;
    private long shadowRequests;
    private long shadowSuccesses;
    private String modelVersion;
    private final List<double[]> samples = new ArrayList<>();
    private final List<Long> seen = new ArrayList<>();
    private final List<Long> seeds = new ArrayList<>();

    VariantWindowBuilder(int buckets) {
        requestsPerBucket = new long[buckets];
        successesPerBucket = new long[buckets];
        feedbackPerBucket = new long[UserEventType.values().length][buckets];
    }

    void add(int index, long bucketId, TimeBucket.VariantCounters vc) {
        requestsPerBucket[index] = vc.requests.sum();
        successesPerBucket[index] = Math.min(vc.successes.sum(), requestsPerBucket[index]);
        for (int t = 0; t < feedbackPerBucket.length; t++) {
            feedbackPerBucket[t][index] = vc.feedback[t].sum();
        }
        shadowRequests += vc.shadowRequests.sum();
        shadowSuccesses += vc.shadowSuccesses.sum();
        if (vc.modelVersion != null) {
            modelVersion = vc.modelVersion;
        }
        LatencyReservoir.Copy copy = vc.latencies.copy();
        if (copy.sample().length > 0) {
            samples.add(copy.sample());
            seen.add(copy.seen());
            seeds.add(bucketId);
        }
    }

    VariantWindow build(UserOutcomes users) {
        Map<UserEventType, long[]> feedback = new EnumMap<>(UserEventType.class);
        for (UserEventType t : UserEventType.values()) {
            feedback.put(t, feedbackPerBucket[t.ordinal()]);
        }
        long observations = 0;
        for (long n : seen) {
            observations += n;
        }
        return new VariantWindow(requestsPerBucket, successesPerBucket, feedback, shadowRequests,
                shadowSuccesses, selfWeightingSample(), observations, modelVersion, users);
    }

    /**
     * Buckets hold reservoirs of equal capacity but different traffic, so their samples carry
     * different weights. Keep from every bucket the same fraction r of its traffic,
     * r = min_j stored_j / seen_j, choosing which samples at random (seeded by bucket): the
     * result is an equal-probability sample of the whole window.
     */
    private double[] selfWeightingSample() {
        double rate = 1.0;
        for (int j = 0; j < samples.size(); j++) {
            rate = Math.min(rate, (double) samples.get(j).length / seen.get(j));
        }
        List<double[]> kept = new ArrayList<>();
        int total = 0;
        for (int j = 0; j < samples.size(); j++) {
            double[] s = samples.get(j);
            int k = (int) Math.min(s.length, Math.round(rate * seen.get(j)));
            if (k < s.length) {
                SplittableRandom r = new SplittableRandom(seeds.get(j));
                for (int i = 0; i < k; i++) {
                    int swap = i + r.nextInt(s.length - i);
                    double tmp = s[i];
                    s[i] = s[swap];
                    s[swap] = tmp;
                }
            }
            kept.add(Arrays.copyOf(s, k));
            total += k;
        }
        double[] out = new double[total];
        int pos = 0;
        for (double[] s : kept) {
            System.arraycopy(s, 0, out, pos, s.length);
            pos += s.length;
        }
        return out;
    }
}
