package io.recsys.provenance.trace;

import io.recsys.provenance.SinkOptions;
import io.recsys.provenance.sink.JsonLinesSink;
import io.recsys.core.PredictionRecord;
import io.recsys.core.spi.ProvenanceSink;
import io.recsys.core.spi.ProvenanceSinkProvider;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A bounded in-memory store of request traces, for {@code GET /trace/{request_id}}: lookup by
 * request id in O(1); when full, the oldest trace is evicted. Thread-safe (one short lock per
 * call; {@link #accept} does a hash-map insert and at most one eviction).
 *
 * <p>Shadow records (scored for comparison, not served) are not stored: the trace of a request
 * id is what its user received. Traces are written once: a request id seen again (a client
 * reusing an {@code X-Request-ID}) never overwrites the stored trace; such records are counted
 * ({@link #rejected()}).
 * Traces live only as long as the process; use {@link JsonLinesSink} for a durable record.
 */
public final class InMemoryTraceStore implements ProvenanceSink {

    /** Default capacity. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final Clock clock;
    private final LinkedHashMap<String, Trace> traces;
    private long evicted;
    private long rejected;

    /** Creates a store of {@value #DEFAULT_CAPACITY} traces. */
    public InMemoryTraceStore() {
        this(DEFAULT_CAPACITY, Clock.systemUTC());
    }

    /**
     * @param capacity how many traces to keep, at least 1
     * @param clock the clock for {@code stored_at}
     * @throws IllegalArgumentException when {@code capacity < 1}
     */
    public InMemoryTraceStore(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Trace store capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.traces = new LinkedHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Trace> eldest) {
                if (size() > InMemoryTraceStore.this.capacity) {
                    evicted++;
                    return true;
                }
                return false;
            }
        };
    }

    @Override
    public void accept(PredictionRecord record) {
        if (record.shadow()) {
            return;
        }
        Trace trace = Trace.of(record, clock.millis());
        synchronized (traces) {
            if (traces.putIfAbsent(record.requestId(), trace) != null) {
                rejected++;
            }
        }
    }

    /**
     * @param requestId a request id
     * @return its trace, if still stored
     */
    public Optional<Trace> find(String requestId) {
        if (requestId == null) {
            return Optional.empty();
        }
        synchronized (traces) {
            return Optional.ofNullable(traces.get(requestId));
        }
    }

    /**
     * @param requestId a request id
     * @return the {@code /trace/{id}} body, if the trace is still stored
     */
    public Optional<TraceView> view(String requestId) {
        return find(requestId).map(TraceView::of);
    }

    /** @return how many records were not stored because their request id already had a trace */
    public long rejected() {
        synchronized (traces) {
            return rejected;
        }
    }

    /** @return how many traces are stored */
    public int size() {
        synchronized (traces) {
            return traces.size();
        }
    }

    /** @return how many traces were evicted to stay within capacity */
    public long evicted() {
        synchronized (traces) {
            return evicted;
        }
    }

    /** @return the maximum number of traces kept */
    public int capacity() {
        return capacity;
    }

    @Override
    public String name() {
        return "memory";
    }

    /**
     * Creates an {@link InMemoryTraceStore} by the name {@code memory}; option {@code capacity}
     * (default {@value InMemoryTraceStore#DEFAULT_CAPACITY}).
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
            return new InMemoryTraceStore(SinkOptions.intOption(options, "capacity", DEFAULT_CAPACITY), Clock.systemUTC());
        }
    }
}
