package io.recsys.experiments;

import io.recsys.core.event.UserEventType;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** One time bucket of the {@link ExperimentLog}: the counters of each variant seen in it. */
final class TimeBucket {
    final long id;
    final ConcurrentHashMap<String, VariantCounters> variants = new ConcurrentHashMap<>(4);

    TimeBucket(long id) {
        this.id = id;
    }

    /** @return the variant's counters, created when fewer than {@code maxVariants} exist, else null */
    VariantCounters variant(String name, int maxVariants, int samples) {
        VariantCounters vc = variants.get(name);
        if (vc != null) {
            return vc;
        }
        synchronized (this) {
            vc = variants.get(name);
            if (vc == null) {
                if (variants.size() >= maxVariants) {
                    return null;
                }
                vc = new VariantCounters(samples, id * 31 + name.hashCode());
                variants.put(name, vc);
            }
            return vc;
        }
    }

    /** @return how many user entries were removed (users whose position is at or above the rate) */
    long purgeUsers(double rate) {
        long removed = 0;
        for (VariantCounters vc : variants.values()) {
            int before = vc.users.size();
            vc.users.keySet().removeIf(user -> UserSampler.position(user) >= rate);
            removed += Math.max(0, before - vc.users.size());
        }
        return removed;
    }

    /** @return how many user entries the bucket holds */
    long userEntries() {
        long n = 0;
        for (VariantCounters vc : variants.values()) {
            n += vc.users.size();
        }
        return n;
    }

    /** Counters of one variant in one bucket. */
    static final class VariantCounters {
        final LongAdder requests = new LongAdder();
        final LongAdder successes = new LongAdder();
        final LongAdder shadowRequests = new LongAdder();
        final LongAdder shadowSuccesses = new LongAdder();
        final LongAdder[] feedback = new LongAdder[UserEventType.values().length];
        final LatencyReservoir latencies;
        final ConcurrentHashMap<Long, UserStats> users = new ConcurrentHashMap<>();
        volatile String modelVersion;

        VariantCounters(int samples, long seed) {
            for (int i = 0; i < feedback.length; i++) {
                feedback[i] = new LongAdder();
            }
            latencies = new LatencyReservoir(samples, seed);
        }
    }
}
