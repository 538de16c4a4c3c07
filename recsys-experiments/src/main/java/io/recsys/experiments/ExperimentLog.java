package io.recsys.experiments;

import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import io.recsys.core.PredictionRecord;
import io.recsys.core.spi.ProvenanceSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link ProvenanceSink} that keeps windowed per-variant outcomes for experiment analysis:
 * requests, successes (2xx), a bounded sample of latencies and feedback events (clicks, watches,
 * conversions) attributed to the variant that served them.
 *
 * <p><b>Time buckets.</b> Records are counted in fixed buckets (default one minute) by their
 * own timestamp, held in a ring that covers the retention (default 7 days: 10,080 buckets,
 * allocated only when traffic arrives). {@link #snapshot(Duration)} sums the buckets of the last
 * N minutes, the current partial bucket included. Records older than the retention are dropped
 * and counted; timestamps in the future are counted in the current bucket.
 *
 * <p><b>Bounded memory.</b> Per bucket at most {@code maxVariants} variants (records of further
 * variants are dropped and counted) and per variant per bucket a reservoir of at most
 * {@code latencySamplesPerBucket} latencies (Vitter's Algorithm R: a uniform sample of the
 * bucket; replaced samples are counted). The worst case is about
 * {@code retentionBuckets × maxVariants × latencySamplesPerBucket × 8} bytes of samples (7 days,
 * 2 variants, 100 samples: 16 MB). Request ids and users for feedback attribution are kept in
 * two bounded FIFO/LRU maps; evictions are counted.
 *
 * <p><b>Feedback attribution.</b> A {@link UserEvent} is attributed to the variant of its
 * request id when that request is still remembered, else to the user's most recent served
 * variant, else it is counted as unattributed. With a known request id a request converts at
 * most once per feedback type (duplicates are counted, not added), so conversions per request
 * stay a proportion. Feedback is bucketed by its own timestamp.
 *
 * <p><b>Shadow traffic.</b> Records with {@code shadow() == true} were not served to anyone:
 * they are counted separately ({@code shadowRequests}) and never as requests, and they never
 * claim a request id or a user for attribution.
 *
 * <p>Thread-safe: counters are {@link LongAdder}s, buckets are swapped with CAS, reservoirs and
 * the attribution maps use short critical sections.
 */
public final class ExperimentLog implements ProvenanceSink {

    private final Clock clock;
    private final long bucketMillis;
    private final int ringSize;
    private final int maxVariants;
    private final int latencySamplesPerBucket;
    private final AtomicReferenceArray<Bucket> ring;
    private final BoundedMap<String, RequestAttribution> requests;
    private final BoundedMap<Long, String> lastVariantOfUser;
    private final Map<Counter, LongAdder> counters = new EnumMap<>(Counter.class);

    /** What the log counts about its own operation (see {@link #counters()}). */
    public enum Counter {
        /** Served (non-shadow) records counted. */
        RECORDS,
        /** Shadow records counted separately. */
        SHADOW_RECORDS,
        /** Records without a variant, ignored. */
        RECORDS_WITHOUT_VARIANT,
        /** Records dropped because their bucket already had {@code maxVariants} variants. */
        RECORDS_DROPPED_VARIANT_CAP,
        /** Records older than the retention, dropped. */
        RECORDS_TOO_OLD,
        /** Records whose latency was NaN, infinite or negative (counted without a latency). */
        INVALID_LATENCY,
        /** Latency samples replaced in a full reservoir. */
        LATENCY_SAMPLES_REPLACED,
        /** Buckets overwritten by newer ones in the ring. */
        BUCKETS_EXPIRED,
        /** Request ids evicted from the attribution map. */
        REQUEST_ID_EVICTIONS,
        /** Users evicted from the last-variant map. */
        USER_EVICTIONS,
        /** Feedback attributed by request id. */
        FEEDBACK_BY_REQUEST,
        /** Feedback attributed by the user's last variant. */
        FEEDBACK_BY_USER,
        /** Feedback that could not be attributed to a variant. */
        FEEDBACK_UNATTRIBUTED,
        /** Feedback repeating a request's earlier feedback of the same type, not added. */
        FEEDBACK_DUPLICATE,
        /** Feedback older than the retention, or whose variant hit the variant cap, dropped. */
        FEEDBACK_DROPPED
    }

    private ExperimentLog(Builder b) {
        this.clock = b.clock;
        this.bucketMillis = b.bucket.toMillis();
        long buckets = (b.retention.toMillis() + bucketMillis - 1) / bucketMillis;
        if (buckets > 1_000_000) {
            throw new IllegalArgumentException("retention / bucket gives " + buckets
                    + " buckets; use at most 1,000,000 (e.g. a longer bucket)");
        }
        this.ringSize = (int) buckets;
        this.maxVariants = b.maxVariants;
        this.latencySamplesPerBucket = b.latencySamplesPerBucket;
        this.ring = new AtomicReferenceArray<>(ringSize);
        this.requests = new BoundedMap<>(b.maxTrackedRequests, false,
                () -> counters.get(Counter.REQUEST_ID_EVICTIONS).increment());
        this.lastVariantOfUser = new BoundedMap<>(b.maxTrackedUsers, true,
                () -> counters.get(Counter.USER_EVICTIONS).increment());
        for (Counter c : Counter.values()) {
            counters.put(c, new LongAdder());
        }
    }

    /** @return a builder with the defaults (1-minute buckets, 7 days, system UTC clock) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Counts one request. Never throws for well-formed records; malformed values are counted.
     *
     * @param record the request's provenance
     */
    @Override
    public void accept(PredictionRecord record) {
        String variant = record.variant();
        if (variant == null || variant.isEmpty()) {
            count(Counter.RECORDS_WITHOUT_VARIANT);
            return;
        }
        Bucket bucket = bucketAt(record.timestamp());
        if (bucket == null) {
            count(Counter.RECORDS_TOO_OLD);
            return;
        }
        VariantCounters vc = bucket.variant(variant, maxVariants, latencySamplesPerBucket);
        if (vc == null) {
            count(Counter.RECORDS_DROPPED_VARIANT_CAP);
            return;
        }
        if (record.shadow()) {
            count(Counter.SHADOW_RECORDS);
            vc.shadowRequests.increment();
            if (record.successful()) {
                vc.shadowSuccesses.increment();
            }
            return;
        }
        count(Counter.RECORDS);
        vc.requests.increment();
        if (record.successful()) {
            vc.successes.increment();
        }
        if (record.modelVersion() != null) {
            vc.modelVersion = record.modelVersion();
        }
        double latency = record.latencyMs();
        if (Double.isFinite(latency) && latency >= 0.0) {
            if (vc.latencies.add(latency)) {
                count(Counter.LATENCY_SAMPLES_REPLACED);
            }
        } else {
            count(Counter.INVALID_LATENCY);
        }
        requests.put(record.requestId(), new RequestAttribution(variant));
        lastVariantOfUser.put(record.userId(), variant);
    }

    /**
     * Records a feedback event and attributes it to a variant.
     *
     * @param event the event
     * @return how it was attributed
     */
    public Attribution recordFeedback(UserEvent event) {
        Objects.requireNonNull(event, "event");
        String variant = null;
        Attribution how = Attribution.UNATTRIBUTED;
        if (event.requestId() != null) {
            RequestAttribution ra = requests.get(event.requestId());
            if (ra != null) {
                if (!ra.markConverted(event.type())) {
                    count(Counter.FEEDBACK_DUPLICATE);
                    return Attribution.DUPLICATE;
                }
                variant = ra.variant;
                how = Attribution.BY_REQUEST;
            }
        }
        if (variant == null) {
            variant = lastVariantOfUser.get(event.userId());
            if (variant != null) {
                how = Attribution.BY_USER;
            }
        }
        if (variant == null) {
            count(Counter.FEEDBACK_UNATTRIBUTED);
            return Attribution.UNATTRIBUTED;
        }
        Bucket bucket = bucketAt(event.timestamp());
        VariantCounters vc = bucket == null ? null
                : bucket.variant(variant, maxVariants, latencySamplesPerBucket);
        if (vc == null) {
            count(Counter.FEEDBACK_DROPPED);
            return Attribution.DROPPED;
        }
        vc.feedback[event.type().ordinal()].increment();
        count(how == Attribution.BY_REQUEST ? Counter.FEEDBACK_BY_REQUEST : Counter.FEEDBACK_BY_USER);
        return how;
    }

    /** How a feedback event was attributed. */
    public enum Attribution {
        /** To the variant that served its request id. */
        BY_REQUEST,
        /** To the user's most recent served variant. */
        BY_USER,
        /** No variant known: counted as unattributed. */
        UNATTRIBUTED,
        /** A repeat of the same request's feedback type: not added. */
        DUPLICATE,
        /** Too old for the retention, or the variant cap was hit: dropped. */
        DROPPED
    }

    /**
     * The per-variant outcomes of the last {@code window}, rounded up to whole buckets and at
     * most the retention. The current (partial) bucket is included.
     *
     * @param window how far back, &gt; 0
     * @return the snapshot
     * @throws IllegalArgumentException if the window is not positive
     */
    public ExperimentSnapshot snapshot(Duration window) {
        if (window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        long now = clock.millis();
        long current = Math.floorDiv(now, bucketMillis);
        long count = Math.min(ringSize, (window.toMillis() + bucketMillis - 1) / bucketMillis);
        long first = current - count + 1;
        Map<String, VariantBuilder> builders = new TreeMap<>();
        for (long id = first; id <= current; id++) {
            Bucket b = ring.get(slot(id));
            if (b == null || b.id != id) {
                continue;
            }
            int index = (int) (id - first);
            for (Map.Entry<String, VariantCounters> e : b.variants.entrySet()) {
                builders.computeIfAbsent(e.getKey(), k -> new VariantBuilder((int) count))
                        .add(index, id, e.getValue());
            }
        }
        Map<String, VariantWindow> variants = new LinkedHashMap<>();
        for (Map.Entry<String, VariantBuilder> e : builders.entrySet()) {
            variants.put(e.getKey(), e.getValue().build());
        }
        return new ExperimentSnapshot(Instant.ofEpochMilli(first * bucketMillis),
                Instant.ofEpochMilli(now), Duration.ofMillis(bucketMillis), variants);
    }

    /** @return the log's own counters (drops, evictions, attribution), by name */
    public Map<Counter, Long> counters() {
        Map<Counter, Long> out = new EnumMap<>(Counter.class);
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** @return how many request ids are currently remembered for attribution */
    public int trackedRequests() {
        return requests.size();
    }

    /** @return how many users' last variants are currently remembered */
    public int trackedUsers() {
        return lastVariantOfUser.size();
    }

    /** @return the number of ring slots holding a bucket (allocated buckets) */
    public int allocatedBuckets() {
        int n = 0;
        for (int i = 0; i < ringSize; i++) {
            if (ring.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String name() {
        return "experiment-log";
    }

    private void count(Counter c) {
        counters.get(c).increment();
    }

    private int slot(long id) {
        return (int) Math.floorMod(id, (long) ringSize);
    }

    /** The bucket for a timestamp (future clamped to now), or null when older than retention. */
    private Bucket bucketAt(long timestampMillis) {
        long now = clock.millis();
        long current = Math.floorDiv(now, bucketMillis);
        long id = Math.min(current, Math.floorDiv(timestampMillis, bucketMillis));
        if (id <= current - ringSize) {
            return null;
        }
        int slot = slot(id);
        while (true) {
            Bucket existing = ring.get(slot);
            if (existing != null && existing.id == id) {
                return existing;
            }
            if (existing != null && existing.id > id) {
                return null;
            }
            Bucket fresh = new Bucket(id);
            if (ring.compareAndSet(slot, existing, fresh)) {
                if (existing != null) {
                    count(Counter.BUCKETS_EXPIRED);
                }
                return fresh;
            }
        }
    }

    /** One time bucket: the counters of each variant seen in it. */
    private static final class Bucket {
        final long id;
        final ConcurrentHashMap<String, VariantCounters> variants = new ConcurrentHashMap<>(4);

        Bucket(long id) {
            this.id = id;
        }

        VariantCounters variant(String name, int maxVariants, int samples) {
            VariantCounters vc = variants.get(name);
            if (vc != null) {
                return vc;
            }
            synchronized (this) {
                vc = variants.get(name);
                if (vc == null) {
                    if (variants.size() >= maxVariants) {
                        return null;
                    }
                    vc = new VariantCounters(samples, id * 31 + name.hashCode());
                    variants.put(name, vc);
                }
                return vc;
            }
        }
    }

    /** Counters of one variant in one bucket. */
    private static final class VariantCounters {
        final LongAdder requests = new LongAdder();
        final LongAdder successes = new LongAdder();
        final LongAdder shadowRequests = new LongAdder();
        final LongAdder shadowSuccesses = new LongAdder();
        final LongAdder[] feedback = new LongAdder[UserEventType.values().length];
        final Reservoir latencies;
        volatile String modelVersion;

        VariantCounters(int samples, long seed) {
            for (int i = 0; i < feedback.length; i++) {
                feedback[i] = new LongAdder();
            }
            latencies = new Reservoir(samples, seed);
        }
    }

    /** Vitter's Algorithm R: a uniform sample of at most {@code capacity} values. */
    private static final class Reservoir {
        private final double[] values;
        private final SplittableRandom random;
        private long seen;
        private int size;

        Reservoir(int capacity, long seed) {
            values = new double[capacity];
            random = new SplittableRandom(seed);
        }

        /** @return whether an earlier sample was replaced or the value skipped (full) */
        synchronized boolean add(double value) {
            seen++;
            if (size < values.length) {
                values[size++] = value;
                return false;
            }
            long j = random.nextLong(seen);
            if (j < values.length) {
                values[(int) j] = value;
            }
            return true;
        }

        synchronized double[] copy() {
            return java.util.Arrays.copyOf(values, size);
        }

        synchronized long seen() {
            return seen;
        }
    }

    /** Per-request attribution state: the serving variant and which feedback types were counted. */
    private static final class RequestAttribution {
        final String variant;
        private int convertedMask;

        RequestAttribution(String variant) {
            this.variant = variant;
        }

        synchronized boolean markConverted(UserEventType type) {
            int bit = 1 << type.ordinal();
            if ((convertedMask & bit) != 0) {
                return false;
            }
            convertedMask |= bit;
            return true;
        }
    }

    /** A size-capped map (FIFO, or LRU with {@code accessOrder}) that counts evictions. */
    private static final class BoundedMap<K, V> {
        private final LinkedHashMap<K, V> map;

        BoundedMap(int capacity, boolean accessOrder, Runnable onEvict) {
            this.map = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, accessOrder) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                    if (size() > capacity) {
                        onEvict.run();
                        return true;
                    }
                    return false;
                }
            };
        }

        synchronized void put(K key, V value) {
            map.put(key, value);
        }

        synchronized V get(K key) {
            return map.get(key);
        }

        synchronized int size() {
            return map.size();
        }
    }

    /** Sums one variant's buckets into a {@link VariantWindow}. */
    private static final class VariantBuilder {
        final long[] requestsPerBucket;
        final long[] successesPerBucket;
        final long[][] feedbackPerBucket;
        long shadowRequests;
        long shadowSuccesses;
        String modelVersion;
        final List<double[]> samples = new ArrayList<>();
        final List<Long> seen = new ArrayList<>();
        final List<Long> seeds = new ArrayList<>();

        VariantBuilder(int buckets) {
            requestsPerBucket = new long[buckets];
            successesPerBucket = new long[buckets];
            feedbackPerBucket = new long[UserEventType.values().length][buckets];
        }

        void add(int index, long bucketId, VariantCounters vc) {
            requestsPerBucket[index] = vc.requests.sum();
            successesPerBucket[index] = Math.min(vc.successes.sum(), requestsPerBucket[index]);
            for (int t = 0; t < feedbackPerBucket.length; t++) {
                feedbackPerBucket[t][index] = vc.feedback[t].sum();
            }
            shadowRequests += vc.shadowRequests.sum();
            shadowSuccesses += vc.shadowSuccesses.sum();
            if (vc.modelVersion != null) {
                modelVersion = vc.modelVersion;
            }
            double[] s;
            long n;
            synchronized (vc.latencies) {
                s = vc.latencies.copy();
                n = vc.latencies.seen();
            }
            if (s.length > 0) {
                samples.add(s);
                seen.add(n);
                seeds.add(bucketId);
            }
        }

        VariantWindow build() {
            Map<UserEventType, long[]> feedback = new EnumMap<>(UserEventType.class);
            for (UserEventType t : UserEventType.values()) {
                feedback.put(t, feedbackPerBucket[t.ordinal()]);
            }
            long observations = 0;
            for (long n : seen) {
                observations += n;
            }
            return new VariantWindow(requestsPerBucket, successesPerBucket, feedback, shadowRequests,
                    shadowSuccesses, selfWeightingSample(), observations, modelVersion);
        }

        /**
         * Buckets hold reservoirs of equal capacity but different traffic, so their samples
         * carry different weights. Keep from every bucket the same fraction r of its traffic,
         * r = min_j stored_j / seen_j, choosing which samples at random (seeded by bucket):
         * the result is an equal-probability sample of the whole window.
         */
        private double[] selfWeightingSample() {
            double rate = 1.0;
            for (int j = 0; j < samples.size(); j++) {
                rate = Math.min(rate, (double) samples.get(j).length / seen.get(j));
            }
            List<double[]> kept = new ArrayList<>();
            int total = 0;
            for (int j = 0; j < samples.size(); j++) {
                double[] s = samples.get(j);
                int k = (int) Math.min(s.length, Math.round(rate * seen.get(j)));
                if (k < s.length) {
                    SplittableRandom r = new SplittableRandom(seeds.get(j));
                    for (int i = 0; i < k; i++) {
                        int swap = i + r.nextInt(s.length - i);
                        double tmp = s[i];
                        s[i] = s[swap];
                        s[swap] = tmp;
                    }
                }
                kept.add(java.util.Arrays.copyOf(s, k));
                total += k;
            }
            double[] out = new double[total];
            int pos = 0;
            for (double[] s : kept) {
                System.arraycopy(s, 0, out, pos, s.length);
                pos += s.length;
            }
            return out;
        }
    }

    /** Configures an {@link ExperimentLog}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration bucket = Duration.ofMinutes(1);
        private Duration retention = Duration.ofDays(7);
        private int maxVariants = 16;
        private int latencySamplesPerBucket = 100;
        private int maxTrackedRequests = 100_000;
        private int maxTrackedUsers = 100_000;

        private Builder() {
        }

        /**
         * @param clock the time source (inject a fixed or mutable clock in tests)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param bucket bucket length, at least one second (default 1 minute)
         * @return this builder
         */
        public Builder bucket(Duration bucket) {
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
        public Builder retention(Duration retention) {
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
        public Builder maxVariants(int maxVariants) {
            this.maxVariants = atLeastOne("maxVariants", maxVariants);
            return this;
        }

        /**
         * @param samples latency reservoir size per variant per bucket (default 100)
         * @return this builder
         */
        public Builder latencySamplesPerBucket(int samples) {
            this.latencySamplesPerBucket = atLeastOne("latencySamplesPerBucket", samples);
            return this;
        }

        /**
         * @param max most recent request ids remembered for feedback attribution (default 100,000)
         * @return this builder
         */
        public Builder maxTrackedRequests(int max) {
            this.maxTrackedRequests = atLeastOne("maxTrackedRequests", max);
            return this;
        }

        /**
         * @param max most users whose last variant is remembered (default 100,000)
         * @return this builder
         */
        public Builder maxTrackedUsers(int max) {
            this.maxTrackedUsers = atLeastOne("maxTrackedUsers", max);
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
}
