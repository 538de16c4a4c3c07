package io.recsys.experiments.analysis;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size, lock-free latency histogram: {@value #BUCKETS} logarithmic buckets from 10 µs
 * to about 100 s (each bucket about 6.5% wider than the one before), so memory is constant
 * (under 2 KB) whatever the traffic, and a quantile read from it is within one bucket width
 * (±3.3%) of the true one. Bucket 0 also holds everything below 10 µs, the last bucket
 * everything above its lower edge.
 */
public final class LatencyHistogram {
    /** Number of buckets. */
    public static final int BUCKETS = 256;
    private static final double MIN_MS = 0.01;
    private static final double GROWTH = Math.pow(1e7, 1.0 / BUCKETS);
    private static final double LOG_GROWTH = Math.log(GROWTH);

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** Creates an empty histogram. */
    public LatencyHistogram() {
    }

    /**
     * Records one latency; NaN, infinite and negative values are ignored.
     *
     * @param millis the latency in milliseconds
     */
    public void record(double millis) {
        if (Double.isFinite(millis) && millis >= 0.0) {
            counts.incrementAndGet(bucketOf(millis));
        }
    }

    /** @return a copy of the bucket counts */
    public long[] snapshot() {
        long[] out = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            out[i] = counts.get(i);
        }
        return out;
    }

    /**
     * @param millis a latency in milliseconds, finite and non-negative
     * @return the bucket that holds it
     */
    public static int bucketOf(double millis) {
        if (millis <= MIN_MS) {
            return 0;
        }
        int b = (int) (Math.log(millis / MIN_MS) / LOG_GROWTH);
        return Math.min(BUCKETS - 1, b);
    }

    /**
     * @param bucket a bucket index
     * @return the bucket's upper edge in milliseconds (what a quantile in that bucket is reported as)
     */
    public static double upperEdge(int bucket) {
        return MIN_MS * Math.pow(GROWTH, bucket + 1);
    }

    /**
     * @param counts bucket counts as from {@link #snapshot()}
     * @param q the quantile in (0, 1]
     * @return the bucket holding the q-quantile, or -1 when the counts are all zero
     */
    public static int quantileBucket(long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i;
            }
        }
        return counts.length - 1;
    }

    /**
     * @param counts bucket counts as from {@link #snapshot()}
     * @param q the quantile in (0, 1]
     * @return the q-quantile in milliseconds (a bucket's upper edge), or NaN when there are no counts
     */
    public static double quantile(long[] counts, double q) {
        int b = quantileBucket(counts, q);
        return b < 0 ? Double.NaN : upperEdge(b);
    }

    /**
     * @param counts bucket counts as from {@link #snapshot()}
     * @param bucket a bucket index
     * @return how many latencies fell in buckets above {@code bucket}
     */
    public static long countAbove(long[] counts, int bucket) {
        long n = 0;
        for (int i = bucket + 1; i < counts.length; i++) {
            n += counts[i];
        }
        return n;
    }
}
