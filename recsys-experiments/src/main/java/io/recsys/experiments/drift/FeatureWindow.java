package io.recsys.experiments.drift;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** One monitored feature: its reference and a lock-free ring of the latest raw values. */
final class FeatureWindow {
    /** Sentinel stored for a missing categorical id. */
    static final long MISSING_ID = Long.MIN_VALUE;

    final NumericReference numeric;
    final CategoricalReference categorical;
    final AtomicLongArray ring;
    final AtomicLong written = new AtomicLong();
    private long computedAt = -1;
    private DriftReport cached;

    FeatureWindow(NumericReference numeric, CategoricalReference categorical, int window) {
        this.numeric = numeric;
        this.categorical = categorical;
        this.ring = new AtomicLongArray(window);
    }

    void add(long raw) {
        long i = written.getAndIncrement();
        ring.set((int) (i % ring.length()), raw);
    }

    synchronized DriftReport report(int minSamples) {
        long n = written.get();
        if (cached != null && n == computedAt) {
            return cached;
        }
        int size = (int) Math.min(n, ring.length());
        long[] raw = new long[size];
        for (int i = 0; i < size; i++) {
            raw[i] = ring.get(i);
        }
        DriftReport report;
        if (numeric != null) {
            double[] values = new double[size];
            for (int i = 0; i < size; i++) {
                values[i] = Double.longBitsToDouble(raw[i]);
            }
            report = numeric.compare(values, minSamples);
        } else {
            long[] ids = Arrays.stream(raw).filter(v -> v != MISSING_ID).toArray();
            report = categorical.compare(ids, size - ids.length, minSamples);
        }
        cached = report;
        computedAt = n;
        return report;
    }
}
