package io.recsys.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.serving.Recommendation;
import io.recsys.core.serving.RecommendRequest;
import io.recsys.core.serving.RecommendationService;
import io.recsys.provenance.sink.AsyncProvenanceSink;
import io.recsys.provenance.trace.InMemoryTraceStore;
import io.recsys.provenance.sink.JsonLinesSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
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
 * {@link RecommendationService#recommend(RecommendRequest)} end to end, in process, as an
 * application embeds it: rollout routing (the {@code recsys-rollout} strategies found through
 * ServiceLoader), ALS top-10 over 3,706 items x 64 factors with the user's seen items left out,
 * Micrometer timers, a fresh request id, and the provenance record handed to the sinks. Versions
 * come from a {@link FileSystemModelRegistry} made by {@link ServingFixture#cachedRegistry(int)}
 * (synthetic MovieLens-1M shape), loaded and verified by the service itself. Users are drawn at
 * random from the 6,040 known ones.
 *
 * <p>{@code Mode.SampleTime}, so JMH reports the median, p99 and p99.9 of single calls.
 *
 * <p>Parameters: {@code strategy} {@code fixed} (v0.1 only) or {@code canary} (v0.2 to 10% of
 * users); {@code meters} {@code simple} ({@link SimpleMeterRegistry}) or {@code prometheus}
 * ({@link PrometheusMeterRegistry}, what the example server uses); {@code sinks} {@code none},
 * {@code traces} ({@link InMemoryTraceStore}) or {@code traces+jsonl} (the trace store plus an
 * {@link AsyncProvenanceSink} in front of a {@link JsonLinesSink} in a temporary directory, the
 * example server's production set-up). Records the async sink dropped because its writer fell
 * behind are printed at the end of each trial.
 *
 * <p>Run (after {@code ./mvnw -q -DskipTests -pl benchmarks -am package}):
 * {@code java -jar benchmarks/target/benchmarks.jar ServiceBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s};
 * the production configuration only:
 * {@code java -jar benchmarks/target/benchmarks.jar ServiceBenchmark -p strategy=canary -p meters=prometheus -p sinks=traces+jsonl -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class ServiceBenchmark {
    private static final int USER_TABLE = 1 << 12;

    /** Rollout strategy: {@code fixed} or {@code canary} (10%). */
    @Param({"canary"})
    public String strategy;

    /** Meter registry: {@code simple} or {@code prometheus}. */
    @Param({"simple", "prometheus"})
    public String meters;

    /** Provenance sinks: {@code none}, {@code traces} or {@code traces+jsonl}. */
    @Param({"none", "traces", "traces+jsonl"})
    public String sinks;

    private RecommendationService service;
    private AsyncProvenanceSink async;
    private Path logDir;
    private final long[] users = new long[USER_TABLE];
    private int next;

    /**
     * Builds the service over the cached registry and starts the rollout.
     *
     * @throws IOException when the log directory cannot be made
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path root = ServingFixture.cachedRegistry(2);
        var registry = new FileSystemModelRegistry(root);
        MeterRegistry meterRegistry = switch (meters) {
            case "simple" -> new SimpleMeterRegistry();
            case "prometheus" -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            default -> throw new IllegalArgumentException("meters: simple or prometheus, got " + meters);
        };
        var builder = RecommendationService.builder(registry).meterRegistry(meterRegistry);
        switch (sinks) {
            case "none" -> {
            }
            case "traces" -> builder.sink(new InMemoryTraceStore(InMemoryTraceStore.DEFAULT_CAPACITY, Clock.systemUTC()));
            case "traces+jsonl" -> {
                logDir = Files.createTempDirectory("recsys-bench-provenance");
                async = new AsyncProvenanceSink(JsonLinesSink.builder(logDir).build(), 65_536, meterRegistry,
                        Duration.ofSeconds(10));
                builder.sink(new InMemoryTraceStore(InMemoryTraceStore.DEFAULT_CAPACITY, Clock.systemUTC())).sink(async);
            }
            default -> throw new IllegalArgumentException("sinks: none, traces or traces+jsonl, got " + sinks);
        }
        service = builder.build();
        RolloutConfig.Builder rollout = RolloutConfig.builder(ModelVersion.parse("v0.1"));
        switch (strategy) {
            case "fixed" -> {
            }
            case "canary" -> rollout.strategy("canary").canaryVersion(ModelVersion.parse("v0.2")).canaryPercentage(10);
            default -> throw new IllegalArgumentException("strategy: fixed or canary, got " + strategy);
        }
        service.start(rollout.build());
        var random = new SplittableRandom(42);
        for (int i = 0; i < USER_TABLE; i++) {
            users[i] = random.nextLong(1, ServingFixture.USERS + 1);
        }
    }

    /**
     * Closes the service (the sinks flush and close) and reports what the async sink dropped.
     *
     * @throws IOException when the log directory cannot be removed
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        service.close();
        if (async != null) {
            System.out.printf(Locale.ROOT, "%nasync JSON-lines sink: %d delivered, %d dropped (queue full), %d errors%n",
                    async.delivered(), async.dropped(), async.errors());
        }
        if (logDir != null) {
            ServingFixture.deleteRecursively(logDir);
        }
    }

    /** @return the answer for the next random user (top 10, seen items left out) */
    @Benchmark
    public Recommendation recommend() {
        long user = users[next++ & (USER_TABLE - 1)];
        return service.recommend(RecommendRequest.of(user, 10));
    }
}
