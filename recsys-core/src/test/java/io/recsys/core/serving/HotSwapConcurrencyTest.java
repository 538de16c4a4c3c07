package io.recsys.core.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.testing.Fixtures;
import io.recsys.core.testing.TestPolicies;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight threads recommend continuously while another switches between three versions 200 times:
 * no request fails, and every answer is internally consistent (its items come from the model its
 * provenance names). Each version's items live in their own id range, so a torn read would show.
 */
class HotSwapConcurrencyTest {
    @TempDir
    Path temp;

    @Test
    void switchingUnderLoad_neverFailsNorMixesVersions() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("reg"));
        List<RegisteredVersion> versions = List.of(
                Fixtures.publishPopularity(registry, temp, 1000, 50, 200),
                Fixtures.publishPopularity(registry, temp, 2000, 50, 200),
                Fixtures.publishPopularity(registry, temp, 3000, 50, 200));
        try (var service = RecommendationService.builder(registry).meterRegistry(new SimpleMeterRegistry())
                .policies(TestPolicies.all()).warmupCalls(10).build()) {
            service.start(RolloutConfig.builder(versions.get(0).version()).build());

            var stop = new AtomicBoolean();
            var started = new CountDownLatch(8);
            var failures = new ConcurrentLinkedQueue<String>();
            var served = new AtomicLong();
            var seenVersions = new java.util.concurrent.ConcurrentHashMap<String, Boolean>();
            var workers = new ArrayList<Thread>();
            for (int t = 0; t < 8; t++) {
                final int seed = t;
                Thread w = new Thread(() -> {
                    started.countDown();
                    long user = seed;
                    while (!stop.get()) {
                        try {
                            Recommendation r = service.recommend(user++ % 300, 10);
                            String v = r.provenance().modelVersion();
                            long base = 1000L * (Integer.parseInt(v.substring(v.indexOf('.') + 1)));
                            if (r.items().size() != 10 || !r.itemIds().stream().allMatch(id -> id >= base && id < base + 50)
                                    || !r.model().version().toString().equals(v)) {
                                failures.add("inconsistent answer from " + v + ": " + r.itemIds());
                            }
                            seenVersions.put(v, Boolean.TRUE);
                            served.incrementAndGet();
                        } catch (RuntimeException e) {
                            failures.add(e.toString());
                        }
                    }
                });
                w.start();
                workers.add(w);
            }
            started.await();
            for (int i = 0; i < 200; i++) {
                long before = served.get();
                service.switchTo(versions.get((i + 1) % 3).version().toString());
                // Let some traffic through under each version before switching again.
                while (served.get() < before + 20 && failures.isEmpty()) {
                    Thread.onSpinWait();
                }
            }
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
            assertThat(failures).isEmpty();
            assertThat(served.get()).isGreaterThan(4000);
            assertThat(seenVersions.keySet()).containsExactlyInAnyOrder("v0.1", "v0.2", "v0.3");
            assertThat(service.activeVersion()).isEqualTo(versions.get(200 % 3).version());
        }
    }
}
