package io.recsys.benchmarks;

import io.recsys.core.Bucketing;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicies;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.Route;
import io.recsys.rollout.SaltedHash;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of {@link RolloutPolicy#route(long)}, the per-request routing decision, for every built-in
 * strategy under both bucketing modes (target: well under 50 ns, no allocation but the
 * {@link Route}). Two baselines sit beside it: {@link #baselineNewRoute(Users)} only allocates a route
 * (the floor any policy pays) and {@link #baselineHashOnly(Users)} only computes the salted-hash bucket.
 * The policy is made through {@link RolloutPolicies#discover()}, as an application makes it.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RouteBenchmark}
 * (after {@code ./mvnw -q package -DskipTests}); one strategy only:
 * {@code java -jar benchmarks/target/benchmarks.jar RouteBenchmark.route -p strategy=canary -p bucketing=HASH}.
 * Add {@code -prof gc} to see the bytes allocated per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteBenchmark {
    private static final ModelVersion PRIMARY = ModelVersion.parse("v0.3");
    private static final ModelVersion CANARY = ModelVersion.parse("v0.4");
    private static final String SALT = "benchmark";

    /** A policy per strategy and bucketing mode, made as an application makes it. */
    @State(Scope.Benchmark)
    public static class Policy {
        /** Strategy name, as in {@code ROLLOUT_STRATEGY}. */
        @Param({"fixed", "canary", "ab_test", "shadow"})
        public String strategy;

        /** Bucketing mode, as in {@code ROLLOUT_BUCKETING}. */
        @Param({"HASH", "MODULO"})
        public Bucketing bucketing;

        RolloutPolicy policy;

        /** Builds the policy: 10% canary where the strategy uses a percentage. */
        @Setup
        public void setUp() {
            policy = RolloutPolicies.discover().create(RolloutConfig.builder(PRIMARY)
                    .strategy(strategy)
                    .canaryVersion(CANARY)
                    .canaryPercentage(10)
                    .bucketing(bucketing)
                    .salt(SALT)
                    .build());
        }
    }

    /** A table of random user ids, cycled through so that no id is a compile-time constant. */
    @State(Scope.Thread)
    public static class Users {
        private static final int SIZE = 1 << 12;
        private static final int MASK = SIZE - 1;

        final long seed = SaltedHash.seed(SALT);
        private final long[] ids = new long[SIZE];
        private int next;

        /** Fills the table. */
        @Setup
        public void setUp() {
            var random = new SplittableRandom(42);
            for (int i = 0; i < SIZE; i++) {
                ids[i] = random.nextLong(0, 10_000_000);
            }
        }

        long next() {
            return ids[next++ & MASK];
        }
    }

    /**
     * @param p the policy
     * @param users the user ids
     * @return the route of the next user
     */
    @Benchmark
    public Route route(Policy p, Users users) {
        return p.policy.route(users.next());
    }

    /**
     * @param users the user ids
     * @return a route built without any decision: allocation and validation only
     */
    @Benchmark
    public Route baselineNewRoute(Users users) {
        long id = users.next();
        return new Route("primary", PRIMARY, null, (id & 1023) / 1024.0);
    }

    /**
     * @param users the user ids
     * @return the salted-hash bucket of the next user, without a route
     */
    @Benchmark
    public double baselineHashOnly(Users users) {
        return SaltedHash.bucket(users.seed, users.next());
    }
}
