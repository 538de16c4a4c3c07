package io.recsys.benchmarks;

import io.recsys.core.ModelInfo;
import io.recsys.core.PredictionRecord;
import io.recsys.kafka.PredictionAvro;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU the Kafka sink's {@code accept} spends on the request thread before its queue offer:
 * {@link PredictionAvro#encode} of a 10-item prediction (Avro binary, the prediction topic's
 * schema). The rest of {@code accept} (a CAS and a queue insert) and the sink's figures against a
 * live broker come from the load run described in docs/benchmarks.md.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar KafkaEncodeBenchmark -f 1 -wi 5 -i 5 -w 1s -r 1s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KafkaEncodeBenchmark {
    private PredictionRecord[] records;
    private int next;

    /** Builds 1,024 distinct records. */
    @Setup
    public void setUp() {
        ModelInfo model = ModelInfo.of("als", "v0.3", "80d8e56f5c1b0000", "kafka:events:0=12", "51ac99");
        records = new PredictionRecord[1024];
        for (int i = 0; i < records.length; i++) {
            records[i] = PredictionRecord.builder("req-" + i, model).timestamp(1_700_000_000_000L + i).userId(i * 31L)
                    .k(10).items(1, 2, 3, 4, 5, 6, 7, 8, 9, 10 + i).variant("primary").bucket(0.25)
                    .latencyNanos(1_000_000).build();
        }
    }

    /** @return the encoded record */
    @Benchmark
    public byte[] encode() {
        return PredictionAvro.encode(records[next++ & 1023]);
    }
}
