package io.recsys.experiments;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The per-variant outcomes of one window of an {@link ExperimentLog}.
 *
 * @param from start of the oldest bucket in the window
 * @param to the clock's time when the snapshot was taken
 * @param bucket the bucket length
 * @param variants the variants that had traffic, by name
 */
public record ExperimentSnapshot(Instant from, Instant to, Duration bucket,
        Map<String, VariantWindow> variants) {

    /** Copies the map. */
    public ExperimentSnapshot {
        variants = Map.copyOf(variants);
    }

    /** @return the number of buckets in the window */
    public int buckets() {
        long span = to.toEpochMilli() - from.toEpochMilli();
        return (int) (span / bucket.toMillis()) + 1;
    }

    /**
     * @param name a variant name
     * @return that variant's window, or an empty one when it had no traffic
     */
    public VariantWindow variant(String name) {
        VariantWindow w = variants.get(name);
        return w != null ? w : VariantWindow.empty(buckets());
    }
}
