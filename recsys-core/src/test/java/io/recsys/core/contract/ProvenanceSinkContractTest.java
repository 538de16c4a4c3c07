package io.recsys.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.recsys.core.ModelInfo;
import io.recsys.core.Outcome;
import io.recsys.core.PredictionRecord;
import io.recsys.core.spi.ProvenanceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ProvenanceSink} keeps: it never throws into the request path for any
 * well-formed record, takes records from many threads at once, keeps what it promises to keep,
 * closes idempotently, and names itself with a value fit for a metric tag. Extend it and supply a
 * sink and a way to count what it kept.
 */
public abstract class ProvenanceSinkContractTest {
    private static final ModelInfo MODEL = ModelInfo.of("als", "v0.1", "0123456789abcdef", "snap-1", null);

    /** The sink under test. */
    protected ProvenanceSink sink;

    /** @return a fresh sink */
    protected abstract ProvenanceSink createSink() throws Exception;

    /**
     * @param accepted the served, non-shadow records handed to the sink (then flushed)
     * @return how many of them the sink kept (stored, written, logged or forwarded)
     */
    protected abstract long kept(List<PredictionRecord> accepted) throws Exception;

    /** @return whether the sink keeps every record it accepts (false for sinks that may drop under load) */
    protected boolean lossless() {
        return true;
    }

    /**
     * @param id request id
     * @param shadow whether it is a shadow scoring
     * @param outcome how it ended
     * @return a record
     */
    protected static PredictionRecord record(String id, boolean shadow, Outcome outcome) {
        return PredictionRecord.builder(id, MODEL).timestamp(1_700_000_000_000L).userId(Math.abs(id.hashCode()) % 1000)
                .k(3).items(outcome.successful() ? new long[] {1, 2, 3} : new long[0]).variant(shadow ? "shadow" : "primary")
                .bucket(0.25).latencyNanos(1_500_000L).outcome(outcome).shadow(shadow)
                .errorType(outcome.successful() ? null : "IllegalStateException").build();
    }

    @BeforeEach
    void setUpSink() throws Exception {
        sink = createSink();
    }

    @AfterEach
    void closeSink() {
        sink.close();
    }

    @Test
    void accept_takesEveryKindOfRecordWithoutThrowing() {
        for (Outcome o : Outcome.values()) {
            assertThatCode(() -> sink.accept(record("kind-" + o, false, o))).doesNotThrowAnyException();
            assertThatCode(() -> sink.accept(record("shadow-" + o, true, o))).doesNotThrowAnyException();
        }
        assertThatCode(sink::flush).doesNotThrowAnyException();
    }

    @Test
    void accept_fromManyThreads_keepsWhatItPromises() throws Exception {
        int threads = 8;
        int each = 250;
        List<PredictionRecord> accepted = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < each; i++) {
                accepted.add(record("t" + t + "-" + i, false, Outcome.SERVED));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var tasks = new ArrayList<Callable<Void>>();
            for (int t = 0; t < threads; t++) {
                List<PredictionRecord> mine = accepted.subList(t * each, (t + 1) * each);
                tasks.add(() -> {
                    mine.forEach(sink::accept);
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        sink.flush();
        long kept = kept(accepted);
        assertThat(kept).isLessThanOrEqualTo(accepted.size());
        if (lossless()) {
            assertThat(kept).isEqualTo(accepted.size());
        }
    }

    @Test
    void close_isIdempotent_andAcceptAfterCloseNeverThrows() {
        sink.accept(record("before-close", false, Outcome.SERVED));
        sink.close();
        assertThatCode(sink::close).doesNotThrowAnyException();
        assertThatCode(() -> sink.accept(record("after-close", false, Outcome.SERVED))).doesNotThrowAnyException();
    }

    @Test
    void name_isFitForAMetricTag() {
        assertThat(sink.name()).matches("[a-z0-9][a-z0-9_.-]{0,63}");
    }
}
