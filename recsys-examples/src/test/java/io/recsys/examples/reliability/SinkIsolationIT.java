package io.recsys.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.PredictionRecord;
import io.recsys.core.RolloutConfig;
import io.recsys.core.ModelVersion;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.serving.RecommendationService;
import io.recsys.core.spi.ProvenanceSink;
import io.recsys.provenance.testing.SealedFixtures;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import io.recsys.provenance.sink.AsyncProvenanceSink;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provenance sinks never fail or hold up a request: a sink blocked on a latch (behind the async
 * hand-off) and a sink that throws on every record leave every request answering, with the
 * blocked sink's overflow dropped and counted; and with the durable JSON-lines log, every request
 * served is a line in the log after a clean shutdown.
 */
class SinkIsolationIT {
    private static final int QUEUE = 100;

    @TempDir
    Path temp;

    /** Blocks on the first record until released; counts what it receives. */
    private static final class BlockingSink implements ProvenanceSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicLong received = new AtomicLong();

        @Override
        public void accept(PredictionRecord record) {
            entered.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.incrementAndGet();
        }

        @Override
        public String name() {
            return "blocking";
        }
    }

    /** Throws on every record. */
    private static final class ThrowingSink implements ProvenanceSink {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong served = new AtomicLong();

        @Override
        public void accept(PredictionRecord record) {
            calls.incrementAndGet();
            if (record.outcome() == io.recsys.core.Outcome.SERVED) {
                served.incrementAndGet();
            }
            throw new IllegalStateException("sink failure " + calls.get());
        }

        @Override
        public String name() {
            return "throwing";
        }
    }

    @Test
    void blockedAndThrowingSinksNeverFailOrHoldUpRequests() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        var blocking = new BlockingSink();
        var throwing = new ThrowingSink();
        var meters = new SimpleMeterRegistry();
        var async = new AsyncProvenanceSink(blocking, QUEUE, meters, Duration.ofSeconds(10));
        int requests = 20_000;
        try (RecommendationService service = RecommendationService.builder(registry).meterRegistry(meters)
                .sink(async).sink(throwing).build()) {
            service.start(RolloutConfig.builder(ModelVersion.parse("v0.1")).build());
            service.recommend(1, 5);
            assertThat(blocking.entered.await(10, TimeUnit.SECONDS)).as("the sink is now blocked").isTrue();

            long slowest = 0;
            for (int i = 0; i < requests; i++) {
                long t = System.nanoTime();
                assertThat(service.recommend(i, 5).itemIds()).hasSize(5);
                slowest = Math.max(slowest, System.nanoTime() - t);
            }
            // every request completed while the sink was still blocked
            assertThat(blocking.release.getCount()).isEqualTo(1);
            assertThat(blocking.received.get()).isZero();
            long total = requests + 1L;
            // the first record is held by the blocked sink, QUEUE more wait, the rest were dropped
            assertThat(async.dropped()).isEqualTo(total - 1 - QUEUE);
            assertThat(meters.get("provenance.sink.dropped").tag("sink", "blocking").counter().count())
                    .isEqualTo(total - 1 - QUEUE);
            assertThat(throwing.calls.get()).isEqualTo(total);
            assertThat(meters.get("provenance.sink.errors").tag("sink", "throwing").counter().count()).isEqualTo(total);
            // every request was served (the service reports outcomes; HTTP status counts are the server's)
            assertThat(throwing.served.get()).isEqualTo(total);
            System.out.printf("SinkIsolation: %d requests while the sink was blocked, slowest %.2f ms, %d dropped, %d sink errors%n",
                    total, slowest / 1e6, async.dropped(), throwing.calls.get());

            blocking.release.countDown();
            async.flush();
            assertThat(blocking.received.get()).isEqualTo(1 + QUEUE);
        }
    }

    @Test
    void durableLogHoldsOneLinePerServedRequestAfterShutdown() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        SealedFixtures.publishPopularity(registry, temp, 2000, 40, 200);
        Path logs = temp.resolve("logs");
        AtomicLong ok = new AtomicLong();
        AtomicLong other = new AtomicLong();
        try (RecsysServer server = Loopback.start(ServerOptions.builder(registry.root()).provenanceLog(logs).build(),
                Map.of("MODEL_VERSION", "v0.1", "ROLLOUT_STRATEGY", "shadow", "CANARY_VERSION", "v0.2"))) {
            HttpClient client = Loopback.client();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                var work = new ArrayList<Future<?>>();
                for (int t = 0; t < 6; t++) {
                    int thread = t;
                    work.add(pool.submit(() -> {
                        for (int i = 0; i < 250; i++) {
                            // some requests are refused (k=0): they are not served, so not logged
                            String path = i % 50 == 0 ? "/recommend/" + i + "?k=0" : "/recommend/" + (thread * 1000 + i);
                            HttpResponse<String> r = Loopback.get(client, server, path);
                            (r.statusCode() == 200 ? ok : other).incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get(2, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        long lines = Loopback.provenanceLines(logs);
        System.out.printf("SinkIsolation: %d served, %d refused, %d lines in the provenance log%n", ok.get(), other.get(), lines);
        assertThat(ok.get()).isEqualTo(6 * 245);
        assertThat(other.get()).isEqualTo(6 * 5);
        // shadow scorings are not served answers and are not written
        assertThat(lines).isEqualTo(ok.get());
    }

    @Test
    void sinksChosenByName_receiveEveryServedRequest_andUnknownNamesStopStartUp() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("named-registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        Path named = temp.resolve("named-logs");
        try (RecsysServer server = Loopback.start(ServerOptions.builder(registry.root())
                .sinks(List.of("jsonl:dir=" + named, "slf4j")).build(), Map.of("MODEL_VERSION", "v0.1"))) {
            HttpClient client = Loopback.client();
            for (int i = 0; i < 20; i++) {
                assertThat(Loopback.get(client, server, "/recommend/" + i).statusCode()).isEqualTo(200);
            }
        }
        assertThat(Loopback.provenanceLines(named)).isEqualTo(20);
        assertThatThrownBy(() -> Loopback.start(ServerOptions.builder(registry.root()).sinks(List.of("no-such-sink"))
                .build(), Map.of("MODEL_VERSION", "v0.1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("available: ").hasMessageContaining("jsonl");
    }
}
