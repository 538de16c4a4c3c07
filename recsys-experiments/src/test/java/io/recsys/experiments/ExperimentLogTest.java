package io.recsys.experiments;

import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import static io.recsys.experiments.Records.served;
import static io.recsys.experiments.Records.shadow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExperimentLogTest {

    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private final MutableClock clock = new MutableClock(T0);

    private ExperimentLogBuilder builder() {
        return ExperimentLog.builder().clock(clock);
    }

    @Test
    void snapshot_coversOnlyTheLastNMinutes() {
        ExperimentLog log = builder().build();
        for (int i = 0; i < 10; i++) {
            log.accept(served("a" + i, clock.millis(), i, "A", 200, 10));
        }
        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 20; i++) {
            log.accept(served("b" + i, clock.millis(), i, "A", i < 15 ? 200 : 500, 10));
        }
        assertThat(log.snapshot(Duration.ofMinutes(1)).variant("A").requests()).isEqualTo(20);
        assertThat(log.snapshot(Duration.ofMinutes(1)).variant("A").successes()).isEqualTo(15);
        assertThat(log.snapshot(Duration.ofMinutes(5)).variant("A").requests()).isEqualTo(20);
        assertThat(log.snapshot(Duration.ofMinutes(6)).variant("A").requests()).isEqualTo(30);
        ExperimentSnapshot s = log.snapshot(Duration.ofMinutes(10));
        assertThat(s.buckets()).isEqualTo(10);
        long[] perBucket = s.variant("A").requestsPerBucket();
        assertThat(perBucket[9]).isEqualTo(20);
        assertThat(perBucket[4]).isEqualTo(10);
        assertThat(Arrays.stream(perBucket).sum()).isEqualTo(30);
    }

    @Test
    void armOf_countsEachRequestUnderWhatItNames_andFeedbackFollows() {
        ExperimentLog log = builder().armOf(r -> "primary".equals(r.variant()) ? "served-by-" + r.modelVersion()
                : r.variant()).build();
        log.accept(served("p1", clock.millis(), 1, "primary", 200, 10));
        log.accept(served("p2", clock.millis(), 2, "primary", 200, 10));
        log.accept(served("a1", clock.millis(), 3, "A", 200, 10));
        log.recordFeedback(UserEvent.of("p1", 1, 1, UserEventType.CLICK, clock.millis()));
        ExperimentSnapshot s = log.snapshot(Duration.ofMinutes(1));
        assertThat(s.variant("served-by-v0.2").requests()).isEqualTo(2);
        assertThat(s.variant("served-by-v0.2").feedback(UserEventType.CLICK)).isEqualTo(1);
        assertThat(s.variant("primary").requests()).isZero();
        assertThat(s.variant("A").requests()).isEqualTo(1);
    }

    @Test
    void recordsOlderThanRetention_areDroppedAndCounted_andOldBucketsExpire() {
        ExperimentLog log = builder().retention(Duration.ofHours(1)).build();
        log.accept(served("old", clock.millis(), 1, "A", 200, 10));
        clock.advance(Duration.ofMinutes(90));
        log.accept(served("late", T0.toEpochMilli(), 1, "A", 200, 10));
        assertThat(log.counters().get(ExperimentLog.Counter.RECORDS_TOO_OLD)).isEqualTo(1);
        assertThat(log.snapshot(Duration.ofDays(1)).variant("A").requests()).isZero();
        // a new record landing in the old record's ring slot replaces its bucket
        clock.advance(Duration.ofMinutes(30));
        log.accept(served("new", clock.millis(), 1, "A", 200, 10));
        assertThat(log.counters().get(ExperimentLog.Counter.BUCKETS_EXPIRED)).isEqualTo(1);
        assertThat(log.snapshot(Duration.ofHours(1)).variant("A").requests()).isEqualTo(1);
    }

    @Test
    void futureTimestamps_countInTheCurrentBucket() {
        ExperimentLog log = builder().build();
        log.accept(served("f", clock.millis() + Duration.ofHours(2).toMillis(), 1, "B", 200, 10));
        assertThat(log.snapshot(Duration.ofMinutes(1)).variant("B").requests()).isEqualTo(1);
    }

    @Test
    void shadowRecords_areCountedSeparately_andNeverClaimAttribution() {
        ExperimentLog log = builder().build();
        log.accept(served("r1", clock.millis(), 7, "A", 200, 10));
        log.accept(shadow("r1", clock.millis(), 7, "B"));
        VariantWindow b = log.snapshot(Duration.ofMinutes(1)).variant("B");
        assertThat(b.requests()).isZero();
        assertThat(b.shadowRequests()).isEqualTo(1);
        assertThat(log.recordFeedback(UserEvent.of("r1", 7, 1, UserEventType.CLICK, clock.millis())))
                .isEqualTo(ExperimentLog.Attribution.BY_REQUEST);
        ExperimentSnapshot s = log.snapshot(Duration.ofMinutes(1));
        assertThat(s.variant("A").feedback(UserEventType.CLICK)).isEqualTo(1);
        assertThat(s.variant("B").feedback(UserEventType.CLICK)).isZero();
    }

    @Test
    void feedback_isAttributedByRequestThenByUser_andDuplicatesAreNotAdded() {
        ExperimentLog log = builder().build();
        log.accept(served("r1", clock.millis(), 1, "A", 200, 10));
        log.accept(served("r2", clock.millis(), 2, "B", 200, 10));
        log.accept(served("r3", clock.millis(), 2, "A", 200, 10)); // user 2 last saw A
        clock.advance(Duration.ofSeconds(30));
        long t = clock.millis();
        assertThat(log.recordFeedback(UserEvent.of("r2", 2, 9, UserEventType.CLICK, t)))
                .isEqualTo(ExperimentLog.Attribution.BY_REQUEST);
        assertThat(log.recordFeedback(UserEvent.of("r2", 2, 8, UserEventType.CLICK, t)))
                .isEqualTo(ExperimentLog.Attribution.DUPLICATE);
        assertThat(log.recordFeedback(UserEvent.of("r2", 2, 8, UserEventType.WATCH, t)))
                .isEqualTo(ExperimentLog.Attribution.BY_REQUEST);
        assertThat(log.recordFeedback(UserEvent.of(null, 2, 9, UserEventType.CONVERT, t)))
                .isEqualTo(ExperimentLog.Attribution.BY_USER);
        assertThat(log.recordFeedback(UserEvent.of("unknown", 1, 9, UserEventType.CLICK, t)))
                .isEqualTo(ExperimentLog.Attribution.BY_USER);
        assertThat(log.recordFeedback(UserEvent.of(null, 99, 9, UserEventType.CLICK, t)))
                .isEqualTo(ExperimentLog.Attribution.UNATTRIBUTED);
        ExperimentSnapshot s = log.snapshot(Duration.ofMinutes(5));
        assertThat(s.variant("B").feedback(UserEventType.CLICK)).isEqualTo(1);
        assertThat(s.variant("B").feedback(UserEventType.WATCH)).isEqualTo(1);
        assertThat(s.variant("A").feedback(UserEventType.CONVERT)).isEqualTo(1);
        assertThat(s.variant("A").feedback(UserEventType.CLICK)).isEqualTo(1);
        assertThat(log.counters())
                .containsEntry(ExperimentLog.Counter.FEEDBACK_DUPLICATE, 1L)
                .containsEntry(ExperimentLog.Counter.FEEDBACK_UNATTRIBUTED, 1L)
                .containsEntry(ExperimentLog.Counter.FEEDBACK_BY_REQUEST, 2L)
                .containsEntry(ExperimentLog.Counter.FEEDBACK_BY_USER, 2L);
    }

    @Test
    void attributionMaps_stayWithinTheirCaps_andCountEvictions() {
        ExperimentLog log = builder().maxTrackedRequests(100).maxTrackedUsers(50).build();
        for (int i = 0; i < 1_000; i++) {
            log.accept(served("r" + i, clock.millis(), i, i % 2 == 0 ? "A" : "B", 200, 10));
        }
        assertThat(log.trackedRequests()).isEqualTo(100);
        assertThat(log.trackedUsers()).isEqualTo(50);
        assertThat(log.counters().get(ExperimentLog.Counter.REQUEST_ID_EVICTIONS)).isEqualTo(900);
        assertThat(log.counters().get(ExperimentLog.Counter.USER_EVICTIONS)).isEqualTo(950);
        // the oldest request was evicted; the newest is still attributable
        assertThat(log.recordFeedback(UserEvent.of("r0", 12_345, 1, UserEventType.CLICK, clock.millis())))
                .isEqualTo(ExperimentLog.Attribution.UNATTRIBUTED);
        assertThat(log.recordFeedback(UserEvent.of("r999", 999, 1, UserEventType.CLICK, clock.millis())))
                .isEqualTo(ExperimentLog.Attribution.BY_REQUEST);
    }

    @Test
    void latencyReservoirs_andVariantsPerBucket_areCapped() {
        ExperimentLog log = builder().latencySamplesPerBucket(10).maxVariants(2).build();
        for (int i = 0; i < 1_000; i++) {
            log.accept(served("r" + i, clock.millis(), i, "A", 200, i));
        }
        log.accept(served("b", clock.millis(), 1, "B", 200, 1));
        log.accept(served("c", clock.millis(), 1, "C", 200, 1));
        VariantWindow a = log.snapshot(Duration.ofMinutes(1)).variant("A");
        assertThat(a.latencySample()).hasSize(10);
        assertThat(a.latencyObservations()).isEqualTo(1_000);
        assertThat(log.counters().get(ExperimentLog.Counter.LATENCY_SAMPLES_REPLACED)).isEqualTo(990);
        assertThat(log.counters().get(ExperimentLog.Counter.RECORDS_DROPPED_VARIANT_CAP)).isEqualTo(1);
        assertThat(log.snapshot(Duration.ofMinutes(1)).variants()).containsOnlyKeys("A", "B");
    }

    @Test
    void ringNeverHoldsMoreBucketsThanTheRetention() {
        ExperimentLog log = builder().retention(Duration.ofMinutes(30)).build();
        for (int m = 0; m < 500; m++) {
            log.accept(served("r" + m, clock.millis(), m, "A", 200, 1));
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(log.allocatedBuckets()).isEqualTo(30);
        assertThat(log.counters().get(ExperimentLog.Counter.BUCKETS_EXPIRED)).isEqualTo(470);
        assertThat(log.snapshot(Duration.ofDays(1)).variant("A").requests()).isEqualTo(29);
    }

    @Test
    void latencySampleAcrossBuckets_weighsEachBucketByItsTraffic() {
        ExperimentLog log = builder().latencySamplesPerBucket(50).build();
        for (int i = 0; i < 1_000; i++) {
            log.accept(served("x" + i, clock.millis(), i, "A", 200, 10.0));
        }
        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 100; i++) {
            log.accept(served("y" + i, clock.millis(), i, "A", 200, 100.0));
        }
        double[] sample = log.snapshot(Duration.ofMinutes(2)).variant("A").latencySample();
        // rate = min(50/1000, 50/100) = 0.05: 50 from the busy bucket, 5 from the quiet one
        assertThat(sample).hasSize(55);
        assertThat(Arrays.stream(sample).filter(v -> v == 100.0).count()).isEqualTo(5);
    }

    @Test
    void invalidLatency_isCountedButTheRequestStillCounts() {
        ExperimentLog log = builder().build();
        log.accept(served("n", clock.millis(), 1, "A", 200, -0.5));
        log.accept(served("m", clock.millis(), 1, "A", 200, -3));
        VariantWindow a = log.snapshot(Duration.ofMinutes(1)).variant("A");
        assertThat(a.requests()).isEqualTo(2);
        assertThat(a.latencySample()).isEmpty();
        assertThat(log.counters().get(ExperimentLog.Counter.INVALID_LATENCY)).isEqualTo(2);
    }

    @Test
    void recordsWithoutVariant_areIgnoredAndCounted() {
        ExperimentLog log = builder().build();
        log.accept(served("n", clock.millis(), 1, null, 200, 1));
        assertThat(log.snapshot(Duration.ofMinutes(1)).variants()).isEmpty();
        assertThat(log.counters().get(ExperimentLog.Counter.RECORDS_WITHOUT_VARIANT)).isEqualTo(1);
    }

    @Test
    void concurrentWriters_loseNothing() throws Exception {
        ExperimentLog log = builder().maxTrackedRequests(1_000_000).build();
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    String variant = i % 2 == 0 ? "A" : "B";
                    log.accept(served(id + "-" + i, clock.millis(), i, variant, i % 10 == 0 ? 500 : 200, i % 50));
                }
                return null;
            }));
        }
        futures.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < 5_000; i++) {
                log.recordFeedback(UserEvent.of(null, i, 1, UserEventType.CLICK, clock.millis()));
            }
            return null;
        }));
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        ExperimentSnapshot s = log.snapshot(Duration.ofMinutes(1));
        long total = threads * (long) perThread;
        assertThat(s.variant("A").requests() + s.variant("B").requests()).isEqualTo(total);
        assertThat(s.variant("A").requests()).isEqualTo(total / 2);
        assertThat(s.variant("A").successes() + s.variant("B").successes()).isEqualTo(total - total / 10);
        long clicks = s.variant("A").feedback(UserEventType.CLICK) + s.variant("B").feedback(UserEventType.CLICK);
        var c = log.counters();
        assertThat(clicks + c.get(ExperimentLog.Counter.FEEDBACK_UNATTRIBUTED)).isEqualTo(5_000);
        assertThat(s.variant("A").latencySample()).hasSizeLessThanOrEqualTo(100);
        assertThat(log.trackedRequests()).isEqualTo((int) total);
    }

    @Test
    void invalidConfiguration_isRejected() {
        assertThatThrownBy(() -> ExperimentLog.builder().bucket(Duration.ofMillis(10)))
                .hasMessageContaining("at least 1 second");
        assertThatThrownBy(() -> ExperimentLog.builder().retention(Duration.ofSeconds(30)).build())
                .hasMessageContaining("shorter than one bucket");
        assertThatThrownBy(() -> builder().build().snapshot(Duration.ZERO))
                .hasMessageContaining("window must be positive");
    }
}
