package io.recsys.provenance.trace;

import io.recsys.provenance.Json;
import io.recsys.provenance.TestRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.core.spi.ProvenanceSinkProvider;
import io.recsys.core.spi.Providers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryTraceStoreTest {

    @Test
    void find_returnsTheTraceWithTheSeedsFields() throws Exception {
        var clock = new TestRecords.MutableClock(Instant.ofEpochMilli(1_700_419_234_612L));
        var store = new InMemoryTraceStore(10, clock);
        store.accept(TestRecords.record("7c9e"));

        Trace t = store.find("7c9e").orElseThrow();
        assertThat(t.storedAt()).isEqualTo("2023-11-19T18:40:34.612Z");
        assertThat(t.latencyMs()).isEqualTo(45);
        assertThat(t.numItems()).isEqualTo(3);
        JsonNode view = Json.MAPPER.readTree(store.view("7c9e").orElseThrow().toJson());
        assertThat(view.get("request_id").asText()).isEqualTo("7c9e");
        List<String> names = new ArrayList<>();
        view.get("trace").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("request_id", "timestamp", "model_name", "model_version", "git_sha",
                "data_snapshot_id", "container_image_digest", "latency_ms", "user_id", "k", "num_items", "status",
                "variant", "path", "method", "stored_at", "items", "bucket", "manifest_sha256", "error_type");
        assertThat(view.get("trace").get("container_image_digest").isNull()).isTrue();
        assertThat(view.get("trace").get("path").asText()).isEqualTo("/recommend/{user_id}");
        assertThat(store.find("nope")).isEmpty();
        assertThat(store.find(null)).isEmpty();
    }

    @Test
    void accept_evictsTheOldestWhenFull() {
        var store = new InMemoryTraceStore(3, java.time.Clock.systemUTC());
        for (int i = 1; i <= 5; i++) {
            store.accept(TestRecords.record("r" + i));
        }
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.evicted()).isEqualTo(2);
        assertThat(store.find("r1")).isEmpty();
        assertThat(store.find("r2")).isEmpty();
        assertThat(store.find("r3")).isPresent();
        // traces are written once: a repeated id is ignored (and counted), it neither overwrites nor refreshes
        store.accept(TestRecords.record("r3", 1L, 999, 500, 1));
        assertThat(store.find("r3").orElseThrow().status()).isEqualTo(200);
        assertThat(store.duplicates()).isEqualTo(1);
        store.accept(TestRecords.record("r6"));
        assertThat(store.find("r3")).isEmpty();
        assertThat(store.find("r4")).isPresent();
        assertThatThrownBy(() -> new InMemoryTraceStore(0, java.time.Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accept_ignoresShadowRecords() {
        var store = new InMemoryTraceStore();
        store.accept(TestRecords.record("same"));
        store.accept(TestRecords.shadow("same"));
        assertThat(store.find("same").orElseThrow().modelVersion()).isEqualTo("v0.3");
        assertThat(store.capacity()).isEqualTo(InMemoryTraceStore.DEFAULT_CAPACITY);
    }

    @Test
    void concurrentWritersAndReaders_keepTheBoundAndFindRecentTraces() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        var store = new InMemoryTraceStore(1_000, java.time.Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            var start = new CountDownLatch(1);
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String rid = "t" + id + "-" + i;
                        store.accept(TestRecords.record(rid));
                        String probe = "t" + id + "-" + (i / 2);
                        store.find(probe).ifPresent(tr -> {
                            if (!tr.requestId().equals(probe)) {
                                throw new AssertionError("wrong trace for " + probe);
                            }
                        });
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 20_000; i++) {
                    assertThat(store.size()).isLessThanOrEqualTo(1_000);
                }
                return null;
            }));
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.size()).isEqualTo(1_000);
        assertThat(store.evicted()).isEqualTo(threads * perThread - 1_000L);
        int found = 0;
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                found += store.find("t" + t + "-" + i).isPresent() ? 1 : 0;
            }
        }
        assertThat(found).isEqualTo(1_000);
    }

    @Test
    void memoryBudget_boundsTheStoreInBytes_evictingTheOldest() {
        var store = new InMemoryTraceStore(1_000_000, 64 * 1024, java.time.Clock.systemUTC());
        for (int i = 0; i < 5_000; i++) {
            store.accept(TestRecords.record("b" + i));
            assertThat(store.bytes()).isLessThanOrEqualTo(64 * 1024);
        }
        assertThat(store.size()).isLessThan(5_000).isPositive();
        assertThat(store.find("b4999")).isPresent();
        assertThat(store.find("b0")).isEmpty();
        assertThat(store.evicted()).isEqualTo(5_000L - store.size());
        assertThatThrownBy(() -> new InMemoryTraceStore(10, 1024, java.time.Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void provider_createsAStoreByName() {
        ProvenanceSinkProvider p = Providers.load(ProvenanceSinkProvider.class).stream()
                .filter(x -> x.name().equals("memory")).findFirst().orElseThrow();
        var store = (InMemoryTraceStore) p.create(Map.of("capacity", "7"));
        assertThat(store.capacity()).isEqualTo(7);
        assertThat(Providers.load(ProvenanceSinkProvider.class)).extracting(ProvenanceSinkProvider::name)
                .contains("memory", "jsonl", "slf4j");
        assertThatThrownBy(() -> p.create(Map.of("capacity", "many"))).isInstanceOf(IllegalArgumentException.class);
    }
}
