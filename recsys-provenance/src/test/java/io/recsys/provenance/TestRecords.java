package io.recsys.provenance;

import io.recsys.core.PredictionRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** Helpers shared by the tests. */
final class TestRecords {
    static final String SHA = "207521e0d08abb271998cc9790a9d006e1b0f4eb";

    private TestRecords() {
    }

    static PredictionRecord record(String requestId, long ts, long userId, int status, double latencyMs) {
        return new PredictionRecord(requestId, ts, userId, 3, List.of(1L, 50L, 260L), "als_model", 0.392104,
                "als", "v0.3", SHA, "9c1de44291dc", null, "51ac00ff", latencyMs, status,
                "/recommend/{user_id}", "GET", false, status >= 300 ? "ValueError" : null);
    }

    static PredictionRecord record(String requestId) {
        return record(requestId, 1_700_419_234_567L, 123, 200, 45.2);
    }

    static PredictionRecord shadow(String requestId) {
        PredictionRecord r = record(requestId);
        return new PredictionRecord(r.requestId(), r.timestamp(), r.userId(), r.k(), r.items(), r.variant(), r.bucket(),
                r.modelName(), "v0.4", r.gitSha(), r.dataSnapshotId(), r.imageDigest(), r.manifestSha256(),
                r.latencyMs(), r.status(), r.path(), r.method(), true, r.errorType());
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant value) {
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
