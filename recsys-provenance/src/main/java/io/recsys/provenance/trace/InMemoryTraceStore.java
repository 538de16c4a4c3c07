package io.recsys.provenance.trace;

import io.recsys.core.PredictionRecord;
import io.recsys.core.spi.ProvenanceSink;
import io.recsys.core.spi.ProvenanceSinkProvider;
import io.recsys.provenance.SinkOptions;
import io.recsys.provenance.sink.JsonLinesSink;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded in-memory store of request traces, for {@code GET /trace/{request_id}}: lookup by
 * request id in O(1); bounded both in entries and in bytes (an estimate of each trace's heap
 * footprint), evicting the oldest first. Thread-safe without a global lock: a concurrent map for
 * lookup, a concurrent queue for insertion order, and atomic counters that reserve room before a
 * trace is stored, so the bounds hold at every instant.
 *
 * <p>Why not Caffeine: its W-TinyLFU admission keeps an old entry over a new one of equal
 * frequency, while a trace store must keep the most recent requests (the ones people look up).
 *
 * <p>Traces are written once: a record whose request id is already stored is ignored and counted
 * ({@link #duplicates()}), so a client that reuses a request id cannot overwrite someone else's
 * trace. Shadow records (scored for comparison, not served) are not stored. Traces live only as
 * long as the process; use {@link JsonLinesSink} for a durable record.
 */
public final class InMemoryTraceStore implements ProvenanceSink {

    /** Default maximum number of traces. */
    public static final int DEFAULT_CAPACITY = 100_000;
    /** Default memory budget: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    private final int capacity;
    private final long maxBytes;
    private final Clock clock;
    private final ConcurrentHashMap<String, Stored> traces = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger reserved = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final LongAdder evicted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();

    /** One stored trace and its estimated size. */
    private record Stored(PredictionRecord record, long storedAtMillis, long bytes) {
    }

    /** Creates a store of {@value #DEFAULT_CAPACITY} traces within {@value #DEFAULT_MAX_BYTES} bytes. */
    public InMemoryTraceStore() {
        this(DEFAULT_CAPACITY, DEFAULT_MAX_BYTES, Clock.systemUTC());
    }

    /**
     * @param capacity how many traces to keep, at least 1
     * @param clock the clock for {@code stored_at}
     * @throws IllegalArgumentException when {@code capacity < 1}
     */
    public InMemoryTraceStore(int capacity, Clock clock) {
        this(capacity, DEFAULT_MAX_BYTES, clock);
    }

    /**
     * @param capacity how many traces to keep, at least 1
     * @param maxBytes the memory budget in bytes, at least 64 KiB
     * @param clock the clock for {@code stored_at}
     * @throws IllegalArgumentException when a bound is too small
     */
    public InMemoryTraceStore(int capacity, long maxBytes, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Trace store capacity must be at least 1, got " + capacity);
        }
        if (maxBytes < 64 * 1024) {
            throw new IllegalArgumentException("Trace store memory budget must be at least 64 KiB, got " + maxBytes);
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void accept(PredictionRecord record) {
        if (record.shadow() || traces.containsKey(record.requestId())) {
            if (!record.shadow()) {
                duplicates.increment();
            }
            return;
        }
        long size = record.estimatedBytes();
        while (true) {
            int c = reserved.get();
            if (c < capacity && reserved.compareAndSet(c, c + 1)) {
                break;
            }
            if (c >= capacity && !evictOldest()) {
                Thread.onSpinWait();
            }
        }
        var stored = new Stored(record, clock.millis(), size);
        if (traces.putIfAbsent(record.requestId(), stored) != null) {
            reserved.decrementAndGet();
            duplicates.increment();
            return;
        }
        order.add(record.requestId());
        if (bytes.addAndGet(size) > maxBytes) {
            while (bytes.get() > maxBytes && evictOldest()) {
                // evict until the budget holds again
            }
        }
    }

    /** @return whether a trace was evicted (false when the queue was momentarily empty) */
    private boolean evictOldest() {
        String id = order.poll();
        if (id == null) {
            return false;
        }
        Stored s = traces.remove(id);
        if (s != null) {
            bytes.addAndGet(-s.bytes());
            reserved.decrementAndGet();
            evicted.increment();
        }
        return true;
    }

    /**
     * @param requestId a request id
     * @return its trace, if still stored
     */
    public Optional<Trace> find(String requestId) {
        if (requestId == null) {
            return Optional.empty();
        }
        Stored s = traces.get(requestId);
        return s == null ? Optional.empty() : Optional.of(Trace.of(s.record(), s.storedAtMillis()));
    }

    /**
     * @param requestId a request id
     * @return the {@code /trace/{id}} body, if the trace is still stored
     */
    public Optional<TraceView> view(String requestId) {
        return find(requestId).map(TraceView::of);
    }

    /** @return how many traces are stored */
    public int size() {
        return traces.size();
    }

    /** @return the estimated bytes the stored traces take */
    public long bytes() {
        return bytes.get();
    }

    /** @return how many traces were evicted to stay within the bounds */
    public long evicted() {
        return evicted.sum();
    }

    /** @return how many records were ignored because their request id was already stored */
    public long duplicates() {
        return duplicates.sum();
    }

    /** @return the maximum number of traces kept */
    public int capacity() {
        return capacity;
    }

    /** @return the memory budget in bytes */
    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public String name() {
        return "memory";
    }

    /**
     * Creates an {@link InMemoryTraceStore} by the name {@code memory}; options {@code capacity}
     * (default {@value InMemoryTraceStore#DEFAULT_CAPACITY}) and {@code max_bytes} (default 64 MiB).
     */
    public static final class Provider implements ProvenanceSinkProvider {

        /** Used by {@code ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public ProvenanceSink create(Map<String, String> options) {
            return new InMemoryTraceStore(SinkOptions.intOption(options, "capacity", DEFAULT_CAPACITY),
                    SinkOptions.longOption(options, "max_bytes", DEFAULT_MAX_BYTES), Clock.systemUTC());
        }
    }
}
