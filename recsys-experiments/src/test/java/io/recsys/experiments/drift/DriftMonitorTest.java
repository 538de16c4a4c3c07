package io.recsys.experiments.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.ModelInfo;
import io.recsys.core.PredictionRecord;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {

    private static PredictionRecord record(long user, List<Long> items, boolean shadow) {
        return PredictionRecord.builder("r" + user, ModelInfo.of("als", "v0.1", "sha", "snap", null))
                .userId(user).k(10).items(items.stream().mapToLong(Long::longValue).toArray()).variant("A")
                .bucket(0.5).latencyNanos(3_000_000L).shadow(shadow).build();
    }

    /** Users 0..999 have activity 1 + (user % 50); items 0..199 have popularity 200 - item. */
    private static double[] userActivityReference() {
        double[] a = new double[1000];
        for (int u = 0; u < a.length; u++) {
            a[u] = 1 + u % 50;
        }
        return a;
    }

    private static double[] itemPopularityReference() {
        double[] p = new double[200];
        for (int i = 0; i < p.length; i++) {
            p[i] = 200 - i;
        }
        return p;
    }

    private static DriftMonitor monitor(SimpleMeterRegistry registry) {
        return DriftMonitor.builder()
                .numericFeature(DriftMonitor.USER_ACTIVITY, userActivityReference())
                .numericFeature(DriftMonitor.ITEM_POPULARITY, itemPopularityReference())
                .userActivity(u -> u < 1000 ? 1 + u % 50 : Double.NaN)
                .itemPopularity(i -> i < 200 ? 200 - i : Double.NaN)
                .minSamples(50)
                .window(2_000)
                .registry(registry)
                .build();
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String feature) {
        Gauge g = registry.find(name).tag("feature", feature).gauge();
        assertThat(g).as(name + "{" + feature + "}").isNotNull();
        return g.value();
    }

    @Test
    void trafficLikeTraining_isStable_andUnknownUsersShowAsMissing() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriftMonitor monitor = monitor(registry);
        assertThat(gauge(registry, "data.drift.psi", "user_activity")).isNaN(); // no data yet
        for (long u = 0; u < 1000; u++) {
            monitor.accept(record(u, List.of(u % 200), false));
        }
        for (long u = 1000; u < 1100; u++) { // 100 unknown users out of 1100
            monitor.accept(record(u, List.of(), false));
        }
        assertThat(gauge(registry, "data.drift.psi", "user_activity")).isLessThan(0.01);
        assertThat(gauge(registry, "data.missing.ratio", "user_activity")).isCloseTo(100.0 / 1100, within(1e-12));
        assertThat(gauge(registry, "data.drift.psi", "item_popularity")).isLessThan(0.01);
        assertThat(gauge(registry, "data.outlier.fraction", "user_activity")).isZero();
        assertThat(monitor.report(DriftMonitor.USER_ACTIVITY).band()).isEqualTo(DriftBand.STABLE);
    }

    @Test
    void popularityShift_isSignificantDrift() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriftMonitor monitor = monitor(registry);
        for (long u = 0; u < 1000; u++) {
            monitor.accept(record(u, List.of(u % 10), false)); // only the 10 most popular items
        }
        assertThat(gauge(registry, "data.drift.psi", "item_popularity")).isGreaterThan(0.25);
        assertThat(gauge(registry, "data.drift.kl", "item_popularity")).isGreaterThan(0.0);
        assertThat(gauge(registry, "data.drift.js", "item_popularity")).isBetween(0.0, Math.log(2));
        assertThat(monitor.report(DriftMonitor.ITEM_POPULARITY).band()).isEqualTo(DriftBand.SIGNIFICANT);
    }

    @Test
    void shadowRecords_areIgnored_andTheWindowIsBounded() {
        DriftMonitor monitor = monitor(new SimpleMeterRegistry());
        monitor.accept(record(1, List.of(1L), true));
        assertThat(monitor.report(DriftMonitor.USER_ACTIVITY).observations()).isZero();
        for (int i = 0; i < 10_000; i++) {
            monitor.observe(DriftMonitor.USER_ACTIVITY, 1 + i % 50);
        }
        assertThat(monitor.report(DriftMonitor.USER_ACTIVITY).observations()).isEqualTo(2_000);
    }

    @Test
    void gaugesHaveAFixedSmallTagSet() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriftMonitor monitor = monitor(registry);
        for (long u = 0; u < 5000; u++) {
            monitor.accept(record(u, List.of(u), false));
        }
        // 2 features x (psi, kl, js, missing, outlier)
        assertThat(registry.getMeters()).hasSize(10);
        assertThat(registry.getMeters()).allSatisfy(m ->
                assertThat(m.getId().getTags()).extracting(t -> t.getKey()).containsExactly("feature"));
    }

    @Test
    void categoricalFeature_countsUnseenIdsAsOther_andMissingIds() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        long[] ref = new long[1000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = i % 10;
        }
        DriftMonitor monitor = DriftMonitor.builder().categoricalFeature("genre", ref).minSamples(10)
                .registry(registry).build();
        for (int i = 0; i < 90; i++) {
            monitor.observeId("genre", 100 + i); // all unseen
        }
        for (int i = 0; i < 10; i++) {
            monitor.observeMissingId("genre");
        }
        assertThat(gauge(registry, "data.missing.ratio", "genre")).isCloseTo(0.1, within(1e-12));
        assertThat(gauge(registry, "data.drift.psi", "genre")).isGreaterThan(0.25);
        assertThat(registry.find("data.outlier.fraction").gauge()).isNull();
        assertThatThrownBy(() -> monitor.observe("genre", 1.0)).hasMessageContaining("categorical");
    }

    @Test
    void concurrentObservers_andReaders_doNotFail() throws Exception {
        DriftMonitor monitor = monitor(new SimpleMeterRegistry());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch start = new CountDownLatch(1);
        Future<?> w1 = pool.submit(() -> {
            start.await();
            SplittableRandom r = new SplittableRandom(1);
            for (int i = 0; i < 50_000; i++) {
                monitor.observe(DriftMonitor.USER_ACTIVITY, 1 + r.nextInt(50));
            }
            return null;
        });
        Future<?> w2 = pool.submit(() -> {
            start.await();
            for (int i = 0; i < 50_000; i++) {
                monitor.observe(DriftMonitor.USER_ACTIVITY, Double.NaN);
            }
            return null;
        });
        Future<Integer> reader = pool.submit(() -> {
            start.await();
            int reads = 0;
            while (!w1.isDone() || !w2.isDone()) {
                DriftReport report = monitor.report(DriftMonitor.USER_ACTIVITY);
                assertThat(report.observations()).isLessThanOrEqualTo(2_000);
                reads++;
            }
            return reads;
        });
        start.countDown();
        w1.get(60, TimeUnit.SECONDS);
        w2.get(60, TimeUnit.SECONDS);
        assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
        pool.shutdown();
        DriftReport finalReport = monitor.report(DriftMonitor.USER_ACTIVITY);
        assertThat(finalReport.observations()).isEqualTo(2_000);
        assertThat(finalReport.missingRatio()).isBetween(0.0, 1.0);
    }

    @Test
    void misconfiguration_isRejected() {
        assertThatThrownBy(() -> DriftMonitor.builder().build()).hasMessageContaining("at least one feature");
        assertThatThrownBy(() -> DriftMonitor.builder().numericFeature("User Id", new double[] {1, 2}))
                .hasMessageContaining("feature name");
        assertThatThrownBy(() -> DriftMonitor.builder().numericFeature("x", new double[] {1, 2})
                .userActivity(u -> 1).build()).hasMessageContaining("user_activity");
        DriftMonitor m = DriftMonitor.builder().numericFeature("x", new double[] {1, 2}).build();
        assertThatThrownBy(() -> m.observe("y", 1)).hasMessageContaining("unknown feature 'y'");
    }
}
