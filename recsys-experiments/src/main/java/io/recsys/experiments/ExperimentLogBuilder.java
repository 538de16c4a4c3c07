package io.recsys.experiments;

import io.recsys.core.PredictionRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/** Configures an {@link ExperimentLog}. */
public final class ExperimentLogBuilder {
    Clock clock = Clock.systemUTC();
    Duration bucket = Duration.ofMinutes(1);
    Duration retention = Duration.ofDays(7);
    int maxVariants = 16;
    int latencySamplesPerBucket = 100;
    int maxTrackedRequests = 100_000;
    int maxTrackedUsers = 100_000;
    long userBudgetBytes = 16L << 20;
    Duration feedbackDedupWindow = Duration.ofHours(1);
    Function<PredictionRecord, String> armOf = PredictionRecord::variant;

    ExperimentLogBuilder() {
    }

    /**
     * @param clock the time source (inject a fixed or mutable clock in tests)
     * @return this builder
     */
    public ExperimentLogBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Which arm a record counts under; by default its variant. A server whose variants can be
     * served by different versions over a window (a canary's {@code primary} after a switch) can
     * count each request under the version that served it instead.
     *
     * @param armOf the arm of a record; null or empty means "no arm" (counted as
     *     {@link ExperimentLog.Counter#RECORDS_WITHOUT_VARIANT})
     * @return this builder
     */
    public ExperimentLogBuilder armOf(Function<PredictionRecord, String> armOf) {
        this.armOf = Objects.requireNonNull(armOf, "armOf");
        return this;
    }

    /**
     * @param bucket bucket length, at least one second (default 1 minute)
     * @return this builder
     */
    public ExperimentLogBuilder bucket(Duration bucket) {
        if (bucket == null || bucket.toMillis() < 1000) {
            throw new IllegalArgumentException("bucket must be at least 1 second, was " + bucket);
        }
        this.bucket = bucket;
        return this;
    }

    /**
     * @param retention how far back windows can reach (default 7 days)
     * @return this builder
     */
    public ExperimentLogBuilder retention(Duration retention) {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
        this.retention = retention;
        return this;
    }

    /**
     * @param maxVariants most variants counted per bucket (default 16)
     * @return this builder
     */
    public ExperimentLogBuilder maxVariants(int maxVariants) {
        this.maxVariants = atLeastOne("maxVariants", maxVariants);
        return this;
    }

    /**
     * @param samples latency reservoir size per variant per bucket (default 100)
     * @return this builder
     */
    public ExperimentLogBuilder latencySamplesPerBucket(int samples) {
        this.latencySamplesPerBucket = atLeastOne("latencySamplesPerBucket", samples);
        return this;
    }

    /**
     * @param max most recent request ids remembered for feedback attribution (default 100,000)
     * @return this builder
     */
    public ExperimentLogBuilder maxTrackedRequests(int max) {
        this.maxTrackedRequests = atLeastOne("maxTrackedRequests", max);
        return this;
    }

    /**
     * @param window how long a (user, item, event type) is remembered: a repeat within it is a
     *     duplicate and not counted (default 1 hour; the memory is bounded by {@code maxTrackedRequests})
     * @return this
     */
    public ExperimentLogBuilder feedbackDedupWindow(Duration window) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("feedbackDedupWindow must be positive, was " + window);
        }
        this.feedbackDedupWindow = window;
        return this;
    }

    /**
     * @param max most users whose last variant is remembered (default 100,000)
     * @return this builder
     */
    public ExperimentLogBuilder maxTrackedUsers(int max) {
        this.maxTrackedUsers = atLeastOne("maxTrackedUsers", max);
        return this;
    }

    /**
     * @param bytes memory budget of the per-user sample, at least one entry
     *     ({@value UserSampler#ENTRY_BYTES} bytes; default 16 MB)
     * @return this builder
     */
    public ExperimentLogBuilder userBudgetBytes(long bytes) {
        if (bytes < UserSampler.ENTRY_BYTES) {
            throw new IllegalArgumentException("userBudgetBytes must be >= " + UserSampler.ENTRY_BYTES
                    + ", was " + bytes);
        }
        this.userBudgetBytes = bytes;
        return this;
    }

    /**
     * @return the log
     * @throws IllegalArgumentException if retention / bucket exceeds 1,000,000 buckets or
     *     the retention is shorter than one bucket
     */
    public ExperimentLog build() {
        if (retention.compareTo(bucket) < 0) {
            throw new IllegalArgumentException("retention " + retention
                    + " is shorter than one bucket " + bucket);
        }
        return new ExperimentLog(this);
    }

    private static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
        return value;
    }
}
