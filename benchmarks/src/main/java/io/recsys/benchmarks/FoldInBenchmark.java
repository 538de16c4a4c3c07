package io.recsys.benchmarks;

import io.recsys.als.AlsModel;
import io.recsys.als.AlsRecommender;
import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.IdIndex;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import io.recsys.core.foldin.UserState;
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
 * The cost of folding one event into a user's vector ({@link AlsRecommender#foldIn}): 64 factors
 * by default, an ML-1M-sized catalogue of 3,706 items with random Gaussian factors, and a user
 * with {@code interactions} interactions:
 * <ul>
 *   <li>{@link #knownUser}: a user the model was trained with on {@code interactions} items gets a
 *       new event (warm-started CG over the training items plus the event);</li>
 *   <li>{@link #liveUser}: a user the model does not know, whose live state already holds
 *       {@code min(interactions, 49)} events (the live window keeps 50), gets one more (a cold solve
 *       from zero over the window).</li>
 * </ul>
 * Both include building the new immutable state (the copy of the event window).
 *
 * <p>Run (after {@code ./mvnw -q -pl benchmarks -am package -DskipTests}):
 * {@code java -jar benchmarks/target/benchmarks.jar FoldInBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}
 * (add {@code -prof gc} for the allocation per fold-in).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class FoldInBenchmark {
    private static final int USERS = 64;
    private static final long NEW_USER = 1_000_000L;

    /** Catalogue size. */
    @Param({"3706"})
    public int items;

    /** Latent factors. */
    @Param({"64"})
    public int factors;

    /** The user's interactions (training items, or live events up to the window). */
    @Param({"20", "200"})
    public int interactions;

    private AlsRecommender model;
    private UserEvent[] knownEvents;
    private UserState liveState;
    private UserEvent[] liveEvents;
    private int next;

    /** Random factors, 64 trained users with {@code interactions} items each, one live user. */
    @Setup
    public void setUp() {
        var rnd = new SplittableRandom(42);
        long[] itemIds = new long[items];
        for (int i = 0; i < items; i++) {
            itemIds[i] = i + 1L;
        }
        long[] userIds = new long[USERS];
        for (int u = 0; u < USERS; u++) {
            userIds[u] = u + 1L;
        }
        float[] itemFactors = gaussian(rnd, items * factors, 0.1);
        float[] userFactors = gaussian(rnd, USERS * factors, 0.1);
        int[] indptr = new int[USERS + 1];
        int[] indices = new int[USERS * interactions];
        for (int u = 0; u < USERS; u++) {
            indptr[u + 1] = (u + 1) * interactions;
            int[] picked = rnd.ints(0, items).distinct().limit(interactions).sorted().toArray();
            System.arraycopy(picked, 0, indices, u * interactions, interactions);
        }
        var seen = CsrMatrix.of(USERS, items, indptr, indices, new float[indices.length], null);
        model = AlsModel.of(IdIndex.of(userIds), IdIndex.of(itemIds), factors, userFactors, itemFactors, seen, null)
                .toRecommender();
        knownEvents = new UserEvent[USERS];
        liveEvents = new UserEvent[USERS];
        for (int u = 0; u < USERS; u++) {
            knownEvents[u] = UserEvent.of(null, u + 1L, 1 + rnd.nextInt(items), UserEventType.CLICK, 1L);
            liveEvents[u] = UserEvent.of(null, NEW_USER, 1 + rnd.nextInt(items), UserEventType.CLICK, 1L);
        }
        UserState s = null;
        for (int e = 0; e < Math.min(interactions, 49); e++) {
            s = model.foldIn(NEW_USER, s, UserEvent.of(null, NEW_USER, 1 + rnd.nextInt(items), UserEventType.CLICK, e));
        }
        liveState = s;
    }

    private static float[] gaussian(SplittableRandom rnd, int n, double scale) {
        float[] out = new float[n];
        for (int j = 0; j < n; j++) {
            double u1 = 1.0 - rnd.nextDouble();
            out[j] = (float) (scale * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rnd.nextDouble()));
        }
        return out;
    }

    /** @return the known user's state after one more event */
    @Benchmark
    public UserState knownUser() {
        int u = next++ & (USERS - 1);
        return model.foldIn(u + 1L, null, knownEvents[u]);
    }

    /** @return the live user's state after one more event */
    @Benchmark
    public UserState liveUser() {
        int u = next++ & (USERS - 1);
        return model.foldIn(NEW_USER, liveState, liveEvents[u]);
    }
}
