package io.recsys.provenance;

import io.recsys.core.ModelInfo;
import io.recsys.core.Outcome;
import io.recsys.core.PredictionRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Helpers shared by the tests. */
public final class TestRecords {
    public static final String SHA = "207521e0d08abb271998cc9790a9d006e1b0f4eb";

    private TestRecords() {
    }

    public static final ModelInfo MODEL = ModelInfo.of("als", "v0.3", SHA, "9c1de44291dc", "51ac00ff");

    public static Outcome outcome(int status) {
        return switch (status) {
            case 200 -> Outcome.SERVED;
            case 400 -> Outcome.INVALID_REQUEST;
            case 503 -> Outcome.NOT_READY;
            default -> Outcome.MODEL_ERROR;
        };
    }

    public static PredictionRecord record(String requestId, long ts, long userId, int status, double latencyMs) {
        return PredictionRecord.builder(requestId, MODEL).timestamp(ts).userId(userId).k(3).items(1L, 50L, 260L)
                .variant("als_model").bucket(0.392104).latencyNanos(Math.round(latencyMs * 1e6))
                .outcome(outcome(status)).shadow(false).errorType(status >= 300 ? "ValueError" : null).build();
    }

    public static PredictionRecord record(String requestId) {
        return record(requestId, 1_700_419_234_567L, 123, 200, 45.2);
    }

    public static PredictionRecord shadow(String requestId) {
        PredictionRecord r = record(requestId);
        return new PredictionRecord(r.requestId(), r.timestamp(), r.userId(), r.k(), r.items(), r.variant(), r.bucket(),
                ModelInfo.of("als", "v0.4", SHA, "9c1de44291dc", "51ac00ff"), r.imageDigest(), r.latencyNanos(),
                r.outcome(), r.requestLine(), true, r.errorType());
    }

    /** A clock the test moves by hand. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant now) {
            this.now = now;
        }

        public void set(Instant value) {
            now = value;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
