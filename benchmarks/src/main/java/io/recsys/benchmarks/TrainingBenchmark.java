package io.recsys.benchmarks;

import io.recsys.als.AlsHyperparameters;
import io.recsys.als.AlsModel;
import io.recsys.als.AlsTrainer;
import io.recsys.als.HybridModel;
import io.recsys.als.HybridTrainer;
import io.recsys.als.SequenceHyperparameters;
import io.recsys.als.data.Interactions;
import io.recsys.als.data.SyntheticData;
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
 * Implicit ALS training time on the synthetic MovieLens-1M shape (6,040 users, 3,706 items,
 * 1,000,209 interactions; {@link SyntheticData#movieLens1m()}): one sweep, a full 15-sweep fit, and
 * the 15-sweep fit of the sequence-aware hybrid, with the library's default hyperparameters
 * otherwise (3 CG steps, position recency discount, no loss computation).
 *
 * <p>Run (after {@code ./mvnw -q -pl benchmarks -am package -DskipTests}):
 * {@code java -jar benchmarks/target/benchmarks.jar TrainingBenchmark -p factors=64 -p threads=2};
 * the whole grid: {@code java -jar benchmarks/target/benchmarks.jar TrainingBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
public class TrainingBenchmark {

    /** Latent factors. */
    @Param({"32", "64", "128"})
    public int factors;

    /** Worker threads. */
    @Param({"1", "2"})
    public int threads;

    private Interactions data;
    private AlsHyperparameters hp;

    /** Generates the data once per trial. */
    @Setup
    public void setUp() {
        data = SyntheticData.movieLens1m().generate();
        hp = AlsHyperparameters.builder().factors(factors).threads(threads).build();
    }

    /** @return a model after one sweep */
    @Benchmark
    public AlsModel oneIteration() {
        return new AlsTrainer(hp.toBuilder().iterations(1).build()).fit(data);
    }

    /** @return a model after 15 sweeps */
    @Benchmark
    public AlsModel fit15Iterations() {
        return new AlsTrainer(hp.toBuilder().iterations(15).build()).fit(data);
    }

    /** @return the sequence-aware hybrid: the same 15-sweep fit plus its next-item and recent-items tables */
    @Benchmark
    public HybridModel fitHybrid15Iterations() {
        return new HybridTrainer(hp.toBuilder().iterations(15).build(), SequenceHyperparameters.defaults()).fit(data);
    }
}
