package io.recsys.provenance.sink;

import io.recsys.provenance.TestRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.PredictionRecord;
import io.recsys.core.spi.ProvenanceSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AsyncProvenanceSinkTest {

    /** A delegate whose accept blocks until released. */
    static final class BlockingSink implements ProvenanceSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> received = new CopyOnWriteArrayList<>();
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void accept(PredictionRecord record) {
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            received.add(record.requestId());
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }

        @Override
        public void close() {
            closed.set(true);
        }

        @Override
        public String name() {
            return "blocking";
        }
    }

    @Test
    void acceptNeverBlocks_andDropsAreCountedWhenTheQueueIsFull() throws Exception {
        var meters = new SimpleMeterRegistry();
        var delegate = new BlockingSink();
        var sink = new AsyncProvenanceSink(delegate, 4, meters, Duration.ofSeconds(10));
        try {
            sink.accept(TestRecords.record("first"));
            assertThat(delegate.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the worker is now stuck in it

            long t0 = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                sink.accept(TestRecords.record("r" + i));
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            // 4 fit the queue; the other 996 were dropped without waiting for the stuck delegate
            assertThat(sink.dropped()).isEqualTo(996);
            assertThat(sink.pending()).isEqualTo(4);
            assertThat(meters.get("provenance.sink.dropped").tag("sink", "blocking").counter().count()).isEqualTo(996.0);
            assertThat(elapsedMs).as("1000 accepts against a blocked delegate").isLessThan(5_000);
            assertThat(delegate.received).isEmpty();

            delegate.release.countDown();
            assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(delegate.received).containsExactly("first", "r0", "r1", "r2", "r3");
            assertThat(delegate.flushes.get()).isEqualTo(1);
            assertThat(sink.delivered()).isEqualTo(5);
        } finally {
            delegate.release.countDown();
            sink.close();
        }
        assertThat(delegate.closed).isTrue();
    }

    @Test
    void largeRecordsCannotFillMemory_theQueueIsBoundedInBytes() throws Exception {
        var delegate = new BlockingSink();
        long budget = 1L << 20;
        var sink = new AsyncProvenanceSink(delegate, 65_536, budget, new SimpleMeterRegistry(), Duration.ofSeconds(10));
        try {
            sink.accept(TestRecords.record("first"));
            assertThat(delegate.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the worker is now stuck in it
            long[] thousandItems = new long[1_000];
            for (int i = 0; i < thousandItems.length; i++) {
                thousandItems[i] = i + 1;
            }
            // what clients asking for k=1000 leave behind while the delegate is slow: about 8 KB each
            PredictionRecord big = PredictionRecord.builder("big", TestRecords.MODEL).k(1_000).items(thousandItems)
                    .variant("als_model").build();
            for (int i = 0; i < 2_000; i++) {
                sink.accept(big);
            }
            long queued = 2_000 - sink.dropped();
            assertThat(sink.queuedBytes()).isLessThanOrEqualTo(budget).isEqualTo(queued * big.estimatedBytes());
            assertThat(queued).as("records fit the byte budget, far fewer than the 65,536 slots")
                    .isEqualTo(budget / big.estimatedBytes());

            delegate.release.countDown();
            assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(sink.delivered()).isEqualTo(1 + queued);
            assertThat(sink.queuedBytes()).isZero();
        } finally {
            delegate.release.countDown();
            sink.close();
        }
        assertThatThrownBy(() -> new AsyncProvenanceSink(delegate, 10, 1_000, new SimpleMeterRegistry(),
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 KiB");
    }

    @Test
    void flush_timesOutWhileTheDelegateIsStuck() throws Exception {
        var delegate = new BlockingSink();
        var sink = new AsyncProvenanceSink(delegate, 10, new SimpleMeterRegistry(), Duration.ofSeconds(10));
        try {
            sink.accept(TestRecords.record("stuck"));
            assertThat(delegate.entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sink.flush(Duration.ofMillis(50))).isFalse();
        } finally {
            delegate.release.countDown();
            sink.close();
        }
        assertThat(delegate.received).containsExactly("stuck");
    }

    @Test
    void delegateExceptions_areCountedNeverPropagated() {
        var meters = new SimpleMeterRegistry();
        var good = new CopyOnWriteArrayList<String>();
        ProvenanceSink failing = new ProvenanceSink() {
            @Override
            public void accept(PredictionRecord record) {
                if (record.requestId().startsWith("bad")) {
                    throw new IllegalStateException("disk full");
                }
                good.add(record.requestId());
            }

            @Override
            public String name() {
                return "failing";
            }
        };
        try (var sink = new AsyncProvenanceSink(failing, 100, meters, Duration.ofSeconds(10))) {
            sink.accept(TestRecords.record("bad1"));
            sink.accept(TestRecords.record("ok1"));
            sink.accept(TestRecords.record("bad2"));
            sink.accept(TestRecords.record("ok2"));
            assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(sink.errors()).isEqualTo(2);
            assertThat(meters.get("provenance.sink.errors").tag("sink", "failing").counter().count()).isEqualTo(2.0);
            assertThat(good).containsExactly("ok1", "ok2");
        }
    }

    @Test
    void close_drainsEverythingQueuedThenClosesTheDelegate_laterRecordsAreDropped() {
        var delegate = new BlockingSink();
        delegate.release.countDown();
        var sink = new AsyncProvenanceSink(delegate, 1_000, new SimpleMeterRegistry(), Duration.ofSeconds(10));
        for (int i = 0; i < 300; i++) {
            sink.accept(TestRecords.record("c" + i));
        }
        sink.close();
        assertThat(delegate.received).hasSize(300);
        assertThat(delegate.closed).isTrue();
        sink.accept(TestRecords.record("after-close"));
        assertThat(sink.dropped()).isEqualTo(1);
        assertThat(delegate.received).hasSize(300);
        sink.close(); // idempotent
    }

    @Test
    void wrappingAJsonLinesSink_flushMakesRecordsVisible(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var jsonl = JsonLinesSink.builder(dir).flushPolicy(FlushPolicy.manual()).build();
        try (var sink = new AsyncProvenanceSink(jsonl)) {
            for (int i = 0; i < 50; i++) {
                sink.accept(TestRecords.record("j" + i));
            }
            sink.flush();
            assertThat(java.nio.file.Files.readAllLines(jsonl.currentFile())).hasSize(50);
            assertThat(sink.name()).isEqualTo("jsonl");
        }
    }
}
