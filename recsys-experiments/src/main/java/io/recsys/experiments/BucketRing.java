package io.recsys.experiments;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Fixed-length time buckets in a ring that covers the retention, allocated only when traffic
 * arrives and swapped with CAS. A timestamp in the future counts in the current bucket; one
 * older than the retention has no bucket.
 */
final class BucketRing {
    private final Clock clock;
    private final long bucketMillis;
    private final int size;
    private final AtomicReferenceArray<TimeBucket> ring;
    private final ExpiryListener onExpire;

    BucketRing(Clock clock, long bucketMillis, int size, ExpiryListener onExpire) {
        this.clock = clock;
        this.bucketMillis = bucketMillis;
        this.size = size;
        this.ring = new AtomicReferenceArray<>(size);
        this.onExpire = onExpire;
    }

    long bucketMillis() {
        return bucketMillis;
    }

    int size() {
        return size;
    }

    long now() {
        return clock.millis();
    }

    /** @return the id of the bucket holding {@code millis} */
    long idAt(long millis) {
        return Math.floorDiv(millis, bucketMillis);
    }

    /** @return the bucket with that id if it is still in the ring, else null */
    TimeBucket get(long id) {
        TimeBucket b = ring.get(slot(id));
        return b != null && b.id == id ? b : null;
    }

    /** The bucket for a timestamp (future clamped to now), or null when older than retention. */
    TimeBucket bucketAt(long timestampMillis) {
        long current = idAt(clock.millis());
        long id = Math.min(current, idAt(timestampMillis));
        if (id <= current - size) {
            return null;
        }
        int slot = slot(id);
        while (true) {
            TimeBucket existing = ring.get(slot);
            if (existing != null && existing.id == id) {
                return existing;
            }
            if (existing != null && existing.id > id) {
                return null;
            }
            TimeBucket fresh = new TimeBucket(id);
            if (ring.compareAndSet(slot, existing, fresh)) {
                if (existing != null) {
                    onExpire.accept(existing);
                }
                return fresh;
            }
        }
    }

    /** Calls {@code action} for every allocated bucket. */
    void forEach(Consumer<TimeBucket> action) {
        for (int i = 0; i < size; i++) {
            TimeBucket b = ring.get(i);
            if (b != null) {
                action.accept(b);
            }
        }
    }

    private int slot(long id) {
        return (int) Math.floorMod(id, (long) size);
    }

    /** Told about each bucket that a newer one replaced. */
    interface ExpiryListener {
        void accept(TimeBucket expired);
    }
}
