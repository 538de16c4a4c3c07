package io.recsys.experiments;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Vitter's Algorithm R: a uniform sample of at most {@code capacity} latencies of one bucket. */
final class LatencyReservoir {
    private final double[] values;
    private final SplittableRandom random;
    private long seen;
    private int size;

    LatencyReservoir(int capacity, long seed) {
        values = new double[capacity];
        random = new SplittableRandom(seed);
    }

    /** @return whether an earlier sample was replaced or the value skipped (full) */
    synchronized boolean add(double value) {
        seen++;
        if (size < values.length) {
            values[size++] = value;
            return false;
        }
        long j = random.nextLong(seen);
        if (j < values.length) {
            values[(int) j] = value;
        }
        return true;
    }

    /** @return the sample and how many values it was drawn from, read atomically */
    synchronized Copy copy() {
        return new Copy(Arrays.copyOf(values, size), seen);
    }

    /** A consistent copy of the reservoir. */
    record Copy(double[] sample, long seen) {
    }
}
