package io.recsys.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.ModelInfo;
import io.recsys.core.PredictionRecord;
import io.recsys.core.RandomIds;
import io.recsys.core.serving.Provenance;
import io.recsys.core.spi.ProvenanceSink;
import io.recsys.provenance.sink.AsyncProvenanceSink;
import io.recsys.provenance.trace.InMemoryTraceStore;
import io.recsys.provenance.sink.JsonLinesSink;
import io.recsys.provenance.sink.ProvenanceJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request provenance costs, piece by piece: building the {@link PredictionRecord}
 * (as {@code RecommendationService} does: item ids copied into a {@code long[]} held by the record),
 * a fresh request id, {@link InMemoryTraceStore#accept}, the {@link AsyncProvenanceSink#accept}
 * hand-off to a bounded queue (in front of a sink that discards, or of a {@link JsonLinesSink}),
 * {@link ProvenanceJson#toJsonLine} (the JSON-lines sink's serialisation), and Jackson
 * serialisation of a recommend response body shaped as the example server's ({@code user_id},
 * {@code model}, {@code items[10]}, {@code variant}, {@code provenance{...}}).
 *
 * <p>The async hand-off is measured while its worker thread drains the queue on the other core.
 * In a tight loop the producer outruns any worker, the 65,536-record queue fills and most calls
 * take the drop path, so the delivered and dropped counts are printed at the end of each trial:
 * read {@link #asyncSinkAccept} together with them. {@link #asyncSinkAcceptNeverFull} measures
 * the offer path alone, with a queue too large to fill within an iteration.
 *
 * <p>Run (after {@code ./mvnw -q -DskipTests -pl benchmarks -am package}):
 * {@code java -jar benchmarks/target/benchmarks.jar ProvenanceBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s};
 * add {@code -prof gc} for the bytes allocated per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class ProvenanceBenchmark {
    private static final int RECORDS = 1 << 17;
    private static final ModelInfo MODEL = ModelInfo.of("als", "v0.1", "0123456789abcdef0123456789abcdef01234567",
            "synthetic-ml1m-seed42", null);
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final PredictionRecord[] records = new PredictionRecord[RECORDS];
    private final Map<String, Object>[] bodies = newBodies();
    private final long[][] itemIds = new long[RECORDS][];
    private InMemoryTraceStore traces;
    private int next;

    @SuppressWarnings("unchecked")
    private static Map<String, Object>[] newBodies() {
        return (Map<String, Object>[]) new Map<?, ?>[RECORDS];
    }

    /**
     * Makes 131,072 distinct records and response bodies (10 items each; more records than the
     * trace store keeps, so it evicts as in production) and the trace store.
     */
    @Setup(Level.Trial)
    public void setUp() {
        var random = new SplittableRandom(42);
        long now = System.currentTimeMillis();
        for (int r = 0; r < RECORDS; r++) {
            long user = random.nextLong(1, ServingFixture.USERS + 1);
            long[] items = new long[10];
            for (int i = 0; i < items.length; i++) {
                items[i] = random.nextLong(1, ServingFixture.ITEMS + 1);
            }
            itemIds[r] = items;
            String requestId = UUID.randomUUID().toString();
            records[r] = record(requestId, now + r, user, items, 0.087);
            var provenance = new Provenance(requestId, now + r, "als", "v0.1", "0123456789abcdef0123456789abcdef01234567",
                    "synthetic-ml1m-seed42", null, 0L, 87L, null);
            var body = new LinkedHashMap<String, Object>();
            body.put("user_id", user);
            body.put("model", "v0.1");
            body.put("items", boxed(items));
            body.put("variant", "primary");
            body.put("provenance", provenance);
            bodies[r] = body;
        }
        traces = new InMemoryTraceStore(InMemoryTraceStore.DEFAULT_CAPACITY, Clock.systemUTC());
    }

    /** The async sink, per delegate kind. */
    @State(Scope.Benchmark)
    public static class Async {
        /** Delegate behind the async sink: {@code discard} or {@code jsonl}. */
        @Param({"discard", "jsonl"})
        public String delegate;

        AsyncProvenanceSink sink;
        private Path logDir;

        /**
         * Makes the sink: a bounded queue of 65,536 records in front of the delegate.
         *
         * @throws IOException when the log directory cannot be made
         */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            ProvenanceSink target;
            switch (delegate) {
                case "discard" -> target = new ProvenanceSink() {
                    @Override
                    public void accept(PredictionRecord record) {
                        // discards: isolates the hand-off from any sink's own cost
                    }

                    @Override
                    public String name() {
                        return "discard";
                    }
                };
                case "jsonl" -> {
                    logDir = Files.createTempDirectory("recsys-bench-provenance");
                    target = JsonLinesSink.builder(logDir).build();
                }
                default -> throw new IllegalArgumentException("delegate: discard or jsonl, got " + delegate);
            }
            sink = new AsyncProvenanceSink(target, 65_536, new SimpleMeterRegistry(), Duration.ofSeconds(10));
        }

        /**
         * Closes the sink and prints what it delivered and dropped.
         *
         * @throws IOException when the log directory cannot be removed
         */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            sink.close();
            System.out.printf(Locale.ROOT, "%nasync sink (%s): %d delivered, %d dropped (queue full), %d errors%n",
                    delegate, sink.delivered(), sink.dropped(), sink.errors());
            if (logDir != null) {
                ServingFixture.deleteRecursively(logDir);
            }
        }
    }

    /**
     * An async sink whose queue never fills within an iteration (16 Mi records, made afresh for
     * every iteration, in front of a sink that discards), so that every {@code accept} takes the
     * offer path, never the drop path.
     */
    @State(Scope.Benchmark)
    public static class AsyncNeverFull {
        AsyncProvenanceSink sink;

        /** Makes an empty sink for the iteration. */
        @Setup(Level.Iteration)
        public void setUp() {
            sink = new AsyncProvenanceSink(new ProvenanceSink() {
                @Override
                public void accept(PredictionRecord record) {
                    // discards
                }

                @Override
                public String name() {
                    return "discard";
                }
            }, 1 << 24, new SimpleMeterRegistry(), Duration.ofSeconds(10));
        }

        /** Closes the sink and prints what it delivered and dropped. */
        @TearDown(Level.Iteration)
        public void tearDown() {
            sink.close();
            System.out.printf(Locale.ROOT, "  [never-full sink: %d delivered, %d dropped]", sink.delivered(), sink.dropped());
        }
    }

    private static List<Long> boxed(long[] items) {
        var ids = new ArrayList<Long>(items.length);
        for (long id : items) {
            ids.add(id);
        }
        return ids;
    }

    private static PredictionRecord record(String requestId, long timestamp, long user, long[] items, double latencyMs) {
        return PredictionRecord.builder(requestId, MODEL).timestamp(timestamp).userId(user).k(10).items(items)
                .variant("primary").bucket(0.42).latencyNanos(Math.round(latencyMs * 1e6)).build();
    }

    private int nextIndex() {
        return next++ & (RECORDS - 1);
    }

    /** @return a new random request id, as made for a request without {@code X-Request-ID} */
    @Benchmark
    public String requestId() {
        return UUID.randomUUID().toString();
    }

    /** @return a request id as the service makes one now: a UUID from a per-thread generator */
    @Benchmark
    public String requestIdPerThread() {
        return RandomIds.uuid();
    }

    /** The JSON-lines sink itself, on the caller's thread (the server's default: flushed to the OS per record). */
    @State(Scope.Benchmark)
    public static class Lines {
        private Path logDir;
        private JsonLinesSink sink;

        /**
         * @throws IOException when the log directory cannot be made
         */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            logDir = Files.createTempDirectory("recsys-bench-lines");
            sink = JsonLinesSink.builder(logDir).build();
        }

        /**
         * @throws IOException when the log directory cannot be removed
         */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            sink.close();
            ServingFixture.deleteRecursively(logDir);
        }
    }

    /** @param lines the sink: one record's line built in its reused buffer and written */
    @Benchmark
    public void jsonLinesSinkAccept(Lines lines) {
        lines.sink.accept(records[nextIndex()]);
    }

    /** @return a prediction record built from 10 item ids, as the service builds it */
    @Benchmark
    public PredictionRecord createRecord() {
        int r = nextIndex();
        PredictionRecord template = records[r];
        return record(template.requestId(), template.timestamp(), template.userId(), itemIds[r], 0.087);
    }

    /** Stores the next record in the in-memory trace store (100,000 kept, oldest evicted). */
    @Benchmark
    public void traceStoreAccept() {
        traces.accept(records[nextIndex()]);
    }

    /**
     * Hands the next record to the async sink's queue.
     *
     * @param async the sink
     */
    @Benchmark
    public void asyncSinkAccept(Async async) {
        async.sink.accept(records[nextIndex()]);
    }

    /**
     * Hands the next record to a queue that never fills: the offer path alone.
     *
     * @param async the sink
     */
    @Benchmark
    public void asyncSinkAcceptNeverFull(AsyncNeverFull async) {
        async.sink.accept(records[nextIndex()]);
    }

    /** @return the next record as one Avro-conforming JSON line */
    @Benchmark
    public String toJsonLine() {
        return ProvenanceJson.toJsonLine(records[nextIndex()]);
    }

    /**
     * @return the next response body as JSON bytes, as the example server writes it
     * @throws JsonProcessingException never for these bodies
     */
    @Benchmark
    public byte[] responseBody() throws JsonProcessingException {
        return JSON.writeValueAsBytes(bodies[nextIndex()]);
    }
}
