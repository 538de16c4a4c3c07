package io.recsys.benchmarks;

import io.recsys.als.AlsHyperparameters;
import io.recsys.als.AlsRecommender;
import io.recsys.als.HybridModel;
import io.recsys.als.HybridRecommender;
import io.recsys.als.HybridTrainer;
import io.recsys.als.SequenceHyperparameters;
import io.recsys.als.data.Interactions;
import io.recsys.als.data.SyntheticData;
import io.recsys.core.ScoredItem;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Top-10 for one user (seen items left out) on the synthetic ML-1M shape, 64 factors: the
 * sequence-aware hybrid ({@link HybridRecommender}: transitions from the user's recent items,
 * the ALS scores of every item, the blend and a full pass for the top K) beside plain ALS
 * ({@link AlsRecommender}) trained by the same fit. The model is fitted with 3 sweeps: scoring
 * cost does not depend on how converged the factors are.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HybridScoringBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
public class HybridScoringBenchmark {
    private static final int USERS = 64;

    private HybridRecommender hybrid;
    private AlsRecommender als;
    private long[] userIds;
    private int next;

    /** Fits once per trial. */
    @Setup
    public void setUp() {
        Interactions data = SyntheticData.movieLens1m().generate();
        HybridModel model = new HybridTrainer(AlsHyperparameters.builder().iterations(3).threads(2).build(),
                SequenceHyperparameters.defaults()).fit(data);
        hybrid = model.toRecommender();
        als = model.als().toRecommender();
        userIds = new long[USERS];
        for (int u = 0; u < USERS; u++) {
            userIds[u] = data.users().id(u * (data.userCount() / USERS));
        }
    }

    /** @return the hybrid's top 10 */
    @Benchmark
    public List<ScoredItem> hybridTop10() {
        return hybrid.recommend(userIds[next++ & (USERS - 1)], 10);
    }

    /** @return plain ALS's top 10 */
    @Benchmark
    public List<ScoredItem> alsTop10() {
        return als.recommend(userIds[next++ & (USERS - 1)], 10);
    }
}
