package io.recsys.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.serving.RecommendRequest;
import io.recsys.core.serving.Recommendation;
import io.recsys.core.serving.RecommendationService;
import java.nio.file.Path;
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
 * What fold-in costs the request path: {@link RecommendationService#recommend} (fixed rollout,
 * ALS 3,706 items x 64 factors from {@link ServingFixture#cachedRegistry(int)}, v0.1, no sinks) with
 * {@code overlay} {@code off} (fold-in disabled), {@code others} (fold-in on, 2,000 other users
 * have live state, the asked users have none: the path this benchmark exists to show unchanged) or
 * {@code live} (every asked user has a live state of 5 events).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar FoldInServiceBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc}
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class FoldInServiceBenchmark {
    private static final int ASKED = 1 << 10;

    /** {@code off}, {@code others} or {@code live}. */
    @Param({"off", "others", "live"})
    public String overlay;

    private RecommendationService service;
    private final long[] users = new long[ASKED];
    private int next;

    /** Builds the service and the live states. */
    @Setup(Level.Trial)
    public void setUp() {
        Path root = ServingFixture.cachedRegistry(2);
        service = RecommendationService.builder(new FileSystemModelRegistry(root))
                .meterRegistry(new SimpleMeterRegistry()).foldInMaxBytes("off".equals(overlay) ? 0 : 64L << 20).build();
        service.start(RolloutConfig.builder(ModelVersion.parse("v0.1")).build());
        var random = new SplittableRandom(42);
        // asked users: 1..1024; other users with state: 3,000..4,999
        for (int i = 0; i < ASKED; i++) {
            users[i] = i + 1L;
        }
        if (!"off".equals(overlay)) {
            for (long u = 3_000; u < 5_000; u++) {
                service.foldIn(UserEvent.of(null, u, 1 + random.nextInt(3_000), UserEventType.CLICK, 1L));
            }
        }
        if ("live".equals(overlay)) {
            for (long u : users) {
                for (int e = 0; e < 5; e++) {
                    service.foldIn(UserEvent.of(null, u, 1 + random.nextInt(3_000), UserEventType.CLICK, e));
                }
            }
        }
    }

    /** Closes the service. */
    @TearDown(Level.Trial)
    public void tearDown() {
        service.close();
    }

    /** @return the answer for the next user (top 10, seen items left out) */
    @Benchmark
    public Recommendation recommend() {
        return service.recommend(RecommendRequest.of(users[next++ & (ASKED - 1)], 10));
    }
}
