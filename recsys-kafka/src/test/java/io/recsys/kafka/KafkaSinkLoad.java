package io.recsys.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.ModelInfo;
import io.recsys.core.PredictionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load run (not part of {@code verify}; the name matches neither *Test nor *IT): one producer's
 * throughput into a real in-JVM KRaft broker, and the time {@code accept} adds to a request.
 * Run with {@code ./mvnw -B -q -o -pl recsys-kafka -am test -Dtest=KafkaSinkLoad
 * -Dsurefire.failIfNoSpecifiedTests=false -Dload.records=300000}; it prints one line per figure.
 */
class KafkaSinkLoad {
    @TempDir
    Path temp;

    @Test
    void throughputAndAcceptLatency() throws Exception {
        int n = Integer.getInteger("load.records", 300_000);
        PredictionRecord[] records = new PredictionRecord[1024];
        ModelInfo model = ModelInfo.of("als", "v0.3", "80d8e56f5c1b0000", "kafka:events:0=12", "51ac99");
        for (int i = 0; i < records.length; i++) {
            records[i] = PredictionRecord.builder("req-" + i, model).timestamp(1_700_000_000_000L + i).userId(i * 31L)
                    .k(10).items(1, 2, 3, 4, 5, 6, 7, 8, 9, 10).variant("primary").bucket(0.25).latencyNanos(1_000_000)
                    .build();
        }
        try (TestBroker broker = TestBroker.start(Files.createDirectories(temp.resolve("kafka")))) {
            broker.createTopic("load", 3);
            // warm-up: JIT, connections, metadata
            run(broker, records, 50_000, false);
            double[] t = run(broker, records, n, false);
            System.out.printf(Locale.ROOT, "[kafka-load] throughput: %d records in %.2f s = %.0f records/s acknowledged "
                    + "(one producer, acks=all, idempotent, lz4, 3 partitions)%n", n, t[0], n / t[0]);
            double[] lat = run(broker, records, Math.min(n, 100_000), true);
            System.out.printf(Locale.ROOT, "[kafka-load] accept(): mean %.2f us, p50 %.2f us, p99 %.2f us, p99.9 %.2f us "
                    + "(paced at ~20k/s, sender thread delivering meanwhile)%n", lat[1], lat[2], lat[3], lat[4]);
        }
    }

    /** @return {seconds to acknowledge all, mean us, p50 us, p99 us, p99.9 us} */
    private static double[] run(TestBroker broker, PredictionRecord[] records, int n, boolean paced) {
        var meters = new SimpleMeterRegistry();
        long[] nanos = paced ? new long[n] : null;
        long start;
        long end;
        try (KafkaProvenanceSink sink = KafkaProvenanceSink.builder(broker.bootstrap(), "load").meterRegistry(meters).build()) {
            start = System.nanoTime();
            long next = start;
            for (int i = 0; i < n; i++) {
                if (paced) {
                    next += 50_000; // 20k requests/s: a busy server, not a saturating loop
                    while (System.nanoTime() < next) {
                        Thread.onSpinWait();
                    }
                    long t0 = System.nanoTime();
                    sink.accept(records[i & 1023]);
                    nanos[i] = System.nanoTime() - t0;
                } else {
                    sink.accept(records[i & 1023]);
                }
            }
            sink.flush();
            end = System.nanoTime();
            assertThat(sink.dropped()).as("dropped; raise the buffer").isZero();
            assertThat(sink.sent()).isEqualTo(n);
        }
        if (!paced) {
            return new double[] {(end - start) / 1e9};
        }
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0) / 1e3;
        return new double[] {(end - start) / 1e9, mean, nanos[n / 2] / 1e3, nanos[(int) (n * 0.99)] / 1e3,
            nanos[(int) (n * 0.999)] / 1e3};
    }
}
