package io.recsys.core.foldin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.ModelVersion;
import io.recsys.core.event.UserEvent;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The live user states of every serving version, bounded in bytes. A state is stored under
 * (version, user): a version only ever reads the states its own model produced, so a switch or a
 * rollback never serves one version's vectors with another's items (a rolled-back-to version
 * finds its own states again, if they were not evicted).
 *
 * <p>The bound is Caffeine's {@code maximumWeight} with each entry weighed by
 * {@link UserState#estimatedBytes()} plus a fixed per-entry overhead; beyond it Caffeine evicts
 * (W-TinyLFU: rarely and long-unseen users go first). Eviction only loses personalisation: the
 * user is served from the model again.
 *
 * <p>Reads cost nothing for users without state: a table of per-bucket entry counts (indexed by a
 * hash of the user id) answers "certainly absent" without allocating a key, so the serving path
 * of most users is unchanged. Counts are raised before an entry becomes visible and lowered after
 * it is removed, so the table can only err towards a (harmless) cache lookup.
 *
 * <p>Meters: {@code foldin.events} (fold-ins by outcome), {@code foldin.latency},
 * {@code foldin.overlay.bytes}, {@code foldin.overlay.users}, {@code foldin.overlay.evictions}.
 * Thread-safe; updates for one (version, user) are atomic.
 */
public final class UserOverlay {
    /** Estimated bytes of a cache entry beyond its state: key, node and table slot. */
    public static final long ENTRY_OVERHEAD_BYTES = 96;

    private static final int BUCKETS = 1 << 16;

    private final Cache<Key, UserState> states;
    private final AtomicIntegerArray counts = new AtomicIntegerArray(BUCKETS);
    private final long maxBytes;
    private final Counter folded;
    private final Counter ignored;
    private final Counter evictions;
    private final Timer latency;

    private record Key(ModelVersion version, long userId) {
    }

    private UserOverlay(long maxBytes, MeterRegistry meters) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("overlay maxBytes must be >= 1, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        MeterRegistry registry = meters == null ? new SimpleMeterRegistry() : meters;
        this.evictions = Counter.builder("foldin.overlay.evictions")
                .description("Live user states evicted to stay within the byte bound").register(registry);
        this.states = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, UserState s) -> (int) Math.min(Integer.MAX_VALUE, weight(s)))
                .executor(Runnable::run)
                .removalListener((Key k, UserState s, RemovalCause cause) -> {
                    if (cause != RemovalCause.REPLACED && k != null) {
                        counts.decrementAndGet(bucket(k.userId()));
                    }
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                })
                .build();
        this.folded = Counter.builder("foldin.events").tag("outcome", "folded")
                .description("Events folded into a live user state, by outcome").register(registry);
        this.ignored = Counter.builder("foldin.events").tag("outcome", "ignored")
                .description("Events folded into a live user state, by outcome").register(registry);
        this.latency = Timer.builder("foldin.latency").description("Time to fold one event into a user state")
                .register(registry);
        Gauge.builder("foldin.overlay.bytes", this, UserOverlay::weightedBytes)
                .description("Estimated bytes held by live user states").register(registry);
        Gauge.builder("foldin.overlay.users", this, o -> o.states.estimatedSize())
                .description("Live user states held (all versions)").register(registry);
    }

    /**
     * @param maxBytes the byte bound ({@code >= 1})
     * @param meters where to register the meters, or null for none
     * @return an empty overlay
     */
    public static UserOverlay create(long maxBytes, MeterRegistry meters) {
        return new UserOverlay(maxBytes, meters);
    }

    /** @return the estimated weight of one entry in bytes */
    static long weight(UserState s) {
        return s.estimatedBytes() + ENTRY_OVERHEAD_BYTES;
    }

    /**
     * The user's live state for a version, without allocating when the user has none anywhere.
     *
     * @param version the serving version
     * @param userId the user
     * @return the state, or null
     */
    public UserState get(ModelVersion version, long userId) {
        if (counts.get(bucket(userId)) == 0) {
            return null;
        }
        return states.getIfPresent(new Key(version, userId));
    }

    /**
     * Folds an event into the user's state of {@code version}, atomically for that (version, user).
     *
     * @param version the version serving the user
     * @param model that version's model
     * @param event the event
     * @return the new state, or null when the model had nothing to fold (e.g. an unknown item)
     * @throws IllegalArgumentException when the model rejects the event
     */
    public UserState apply(ModelVersion version, FoldIn model, UserEvent event) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(model, "model");
        long userId = event.userId();
        long start = System.nanoTime();
        UserState[] out = new UserState[1];
        states.asMap().compute(new Key(version, userId), (k, previous) -> {
            UserState next = model.foldIn(userId, previous, event);
            if (next == null || next == previous) {
                return previous; // nothing folded: the state stays as it was
            }
            if (previous == null) {
                counts.incrementAndGet(bucket(userId));
            }
            out[0] = next;
            return next;
        });
        latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        (out[0] == null ? ignored : folded).increment();
        return out[0];
    }

    /**
     * Drops every state of a version (e.g. when it is unpublished).
     *
     * @param version the version
     */
    public void invalidate(ModelVersion version) {
        states.asMap().keySet().removeIf(k -> k.version().equals(version));
    }

    /** Runs Caffeine's pending maintenance (evictions) now; tests and gauges read settled sizes. */
    public void cleanUp() {
        states.cleanUp();
    }

    /** @return the estimated bytes held now (never above {@link #maxBytes()} once maintenance ran) */
    public long weightedBytes() {
        return states.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    /** @return the byte bound */
    public long maxBytes() {
        return maxBytes;
    }

    /** @return the number of live states (all versions), an estimate */
    public long size() {
        return states.estimatedSize();
    }

    private static int bucket(long userId) {
        long h = userId * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 48) & (BUCKETS - 1);
    }
}
