package io.recsys.experiments;

import io.recsys.core.PredictionRecord;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventListener;
import io.recsys.core.spi.ProvenanceSink;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link ProvenanceSink} and {@link UserEventListener} that keeps windowed per-variant outcomes for experiment analysis:
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
 * two bounded Caffeine caches ({@link FeedbackAttribution}); evictions are counted.
 *
 * <p><b>Per user.</b> Users are the unit of randomisation, so each bucket also keeps per-user
 * counts per variant (requests, successes, latency sum, feedback) for a consistent hash sample of
 * users whose memory stays below {@code userBudgetBytes} (default 16 MB); see
 * {@link UserSampler} for the sampling and its error. {@link VariantWindow#users()} returns them.
 *
 * <p><b>Feedback attribution.</b> Feedback comes from the network and is untrusted. A repeat of
 * the same (user, item, event type) within the dedup window (default 1 hour) is a duplicate. A
 * {@link UserEvent} is attributed to the variant of its request id when that request is still
 * remembered <em>and was served to the same user</em>, else to the user's most recent served
 * variant, else it is counted as unattributed. A request converts at most once per feedback type,
 * and feedback by user claims one of the user's unclaimed served requests in that variant, so a
 * variant's conversions of a type never exceed its exposures. The first request with an id keeps
 * it (a reused {@code X-Request-ID} resets nothing). Feedback is bucketed by its own timestamp.
 *
 * <p><b>Shadow traffic.</b> Records with {@code shadow() == true} were not served to anyone:
 * they are counted separately ({@code shadowRequests}) and never as requests, and they never
 * claim a request id or a user for attribution.
 *
 * <p>Thread-safe: counters are {@link java.util.concurrent.atomic.LongAdder}s, buckets are
 * swapped with CAS ({@link BucketRing}), reservoirs and per-user entries use short critical
 * sections on their own object, the attribution caches take no lock on reads.
 */
public final class ExperimentLog implements ProvenanceSink, UserEventListener {

    private final int maxVariants;
    private final java.util.function.Function<PredictionRecord, String> armOf;
    private final int latencySamplesPerBucket;
    private final BucketRing ring;
    private final FeedbackAttribution attribution;
    private final UserSampler users;
    private final Object purgeLock = new Object();
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
        /**
         * Feedback repeating an earlier (user, item, type) within the dedup window, or a request's
         * earlier feedback of the same type: not added.
         */
        FEEDBACK_DUPLICATE,
        /** Feedback by user whose served requests in the variant were all claimed already: not added. */
        FEEDBACK_NO_EXPOSURE,
        /** Feedback older than the retention, or whose variant hit the variant cap, dropped. */
        FEEDBACK_DROPPED,
        /** Per-user entries purged when the user sample's memory budget halved the sampling rate. */
        USER_ENTRIES_PURGED
    }

    ExperimentLog(ExperimentLogBuilder b) {
        for (Counter c : Counter.values()) {
            counters.put(c, new LongAdder());
        }
        long bucketMillis = b.bucket.toMillis();
        long buckets = (b.retention.toMillis() + bucketMillis - 1) / bucketMillis;
        if (buckets > 1_000_000) {
            throw new IllegalArgumentException("retention / bucket gives " + buckets
                    + " buckets; use at most 1,000,000 (e.g. a longer bucket)");
        }
        this.maxVariants = b.maxVariants;
        this.armOf = b.armOf;
        this.latencySamplesPerBucket = b.latencySamplesPerBucket;
        this.users = new UserSampler(b.userBudgetBytes);
        this.ring = new BucketRing(b.clock, bucketMillis, (int) buckets, expired -> {
            count(Counter.BUCKETS_EXPIRED);
            users.removed(expired.userEntries());
        });
        this.attribution = new FeedbackAttribution(b.maxTrackedRequests, b.maxTrackedUsers, b.feedbackDedupWindow,
                b.clock, () -> count(Counter.REQUEST_ID_EVICTIONS), () -> count(Counter.USER_EVICTIONS));
    }

    /** @return a builder with the defaults (1-minute buckets, 7 days, system UTC clock) */
    public static ExperimentLogBuilder builder() {
        return new ExperimentLogBuilder();
    }

    /**
     * Counts one request. Never throws for well-formed records; malformed values are counted.
     *
     * @param record the request's provenance
     */
    @Override
    public void accept(PredictionRecord record) {
        String variant = armOf.apply(record);
        if (variant == null || variant.isEmpty()) {
            count(Counter.RECORDS_WITHOUT_VARIANT);
            return;
        }
        TimeBucket bucket = ring.bucketAt(record.timestamp());
        if (bucket == null) {
            count(Counter.RECORDS_TOO_OLD);
            return;
        }
        TimeBucket.VariantCounters vc = bucket.variant(variant, maxVariants, latencySamplesPerBucket);
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
        UserStats user = userStats(vc, record.userId());
        if (user != null) {
            user.request(record.successful(), latency);
        }
        attribution.served(record.requestId(), record.userId(), variant);
    }

    /**
     * Feeds a user event from any event source (the {@link UserEventListener} contract); the
     * same as {@link #recordFeedback}.
     *
     * @param event the event
     */
    @Override
    public void onEvent(UserEvent event) {
        recordFeedback(event);
    }

    /**
     * Records a feedback event and attributes it to a variant.
     *
     * @param event the event
     * @return how it was attributed
     */
    public Attribution recordFeedback(UserEvent event) {
        Objects.requireNonNull(event, "event");
        if (!attribution.firstWithinWindow(event.userId(), event.itemId(), event.type())) {
            count(Counter.FEEDBACK_DUPLICATE);
            return Attribution.DUPLICATE;
        }
        String variant = null;
        Attribution how = Attribution.UNATTRIBUTED;
        FeedbackAttribution.UserExposure exposure = attribution.user(event.userId());
        FeedbackAttribution.RequestAttribution ra = attribution.request(event.requestId(), event.userId());
        if (ra != null) {
            if (!ra.markConverted(event.type())) {
                count(Counter.FEEDBACK_DUPLICATE);
                return Attribution.DUPLICATE;
            }
            if (exposure != null && exposure.variant.equals(ra.variant)) {
                // the request's own exposure: a later feedback without a request id cannot claim it again
                exposure.claim(event.type());
            }
            variant = ra.variant;
            how = Attribution.BY_REQUEST;
        } else if (exposure != null) {
            if (!exposure.claim(event.type())) {
                count(Counter.FEEDBACK_NO_EXPOSURE);
                return Attribution.NO_EXPOSURE;
            }
            variant = exposure.variant;
            how = Attribution.BY_USER;
        }
        if (variant == null) {
            count(Counter.FEEDBACK_UNATTRIBUTED);
            return Attribution.UNATTRIBUTED;
        }
        TimeBucket bucket = ring.bucketAt(event.timestamp());
        TimeBucket.VariantCounters vc = bucket == null ? null
                : bucket.variant(variant, maxVariants, latencySamplesPerBucket);
        if (vc == null) {
            count(Counter.FEEDBACK_DROPPED);
            return Attribution.DROPPED;
        }
        vc.feedback[event.type().ordinal()].increment();
        UserStats user = userStats(vc, event.userId());
        if (user != null) {
            user.feedback(event.type());
        }
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
        /** A repeat of (user, item, type) within the dedup window, or of a request's feedback type: not added. */
        DUPLICATE,
        /** Every request served to the user in the variant already has feedback of this type: not added. */
        NO_EXPOSURE,
        /** Too old for the retention, or the variant cap was hit: dropped. */
        DROPPED
    }

    /**
     * The per-variant outcomes of the last {@code window}, rounded up to whole buckets and at
     * most the retention. The current (partial) bucket is included. Each variant's
     * {@link VariantWindow#users()} holds its sampled users, with each user's requests in the
     * period of the same length before the window (within the retention) as the covariate.
     *
     * @param window how far back, &gt; 0
     * @return the snapshot
     * @throws IllegalArgumentException if the window is not positive
     */
    public ExperimentSnapshot snapshot(Duration window) {
        if (window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        long bucketMillis = ring.bucketMillis();
        long now = ring.now();
        long current = ring.idAt(now);
        long count = Math.min(ring.size(), (window.toMillis() + bucketMillis - 1) / bucketMillis);
        long first = current - count + 1;
        Map<String, VariantWindowBuilder> builders = new TreeMap<>();
        UserWindowBuilder perUser = new UserWindowBuilder(users.rate());
        for (long id = first; id <= current; id++) {
            TimeBucket b = ring.get(id);
            if (b == null) {
                continue;
            }
            int index = (int) (id - first);
            for (Map.Entry<String, TimeBucket.VariantCounters> e : b.variants.entrySet()) {
                builders.computeIfAbsent(e.getKey(), k -> new VariantWindowBuilder((int) count))
                        .add(index, id, e.getValue());
            }
            perUser.addWindowBucket(b);
        }
        for (long id = first - count; id < first; id++) {
            TimeBucket b = ring.get(id);
            if (b != null) {
                perUser.addPreWindowBucket(b);
            }
        }
        Map<String, UserOutcomes> outcomes = perUser.build();
        Map<String, VariantWindow> variants = new LinkedHashMap<>();
        for (Map.Entry<String, VariantWindowBuilder> e : builders.entrySet()) {
            UserOutcomes u = outcomes.getOrDefault(e.getKey(), UserOutcomes.empty(users.rate()));
            variants.put(e.getKey(), e.getValue().build(u));
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
        return (int) attribution.trackedRequests();
    }

    /** @return how many users' last variants are currently remembered */
    public int trackedUsers() {
        return (int) attribution.trackedUsers();
    }

    /** @return the current sampling rate of the per-user aggregation, in (0, 1] */
    public double userSamplingRate() {
        return users.rate();
    }

    /** @return per-user entries (bucket × variant × user) currently held */
    public long userEntries() {
        return users.entries();
    }

    /** @return the most per-user entries the memory budget allows */
    public long maxUserEntries() {
        return users.maxEntries();
    }

    /** @return the number of ring slots holding a bucket (allocated buckets) */
    public int allocatedBuckets() {
        int[] n = {0};
        ring.forEach(b -> n[0]++);
        return n[0];
    }

    @Override
    public String name() {
        return "experiment-log";
    }

    private void count(Counter c) {
        counters.get(c).increment();
    }

    /** The user's entry in this variant-bucket when the user is sampled, else null. */
    private UserStats userStats(TimeBucket.VariantCounters vc, long userId) {
        if (!users.sampled(userId)) {
            return null;
        }
        UserStats existing = vc.users.get(userId);
        if (existing != null) {
            return existing;
        }
        boolean[] created = {false};
        UserStats stats = vc.users.computeIfAbsent(userId, k -> {
            created[0] = true;
            return new UserStats();
        });
        if (created[0] && users.added()) {
            purge();
        }
        return stats;
    }

    /** Halves the sampling rate until the per-user entries fit the budget again. */
    private void purge() {
        synchronized (purgeLock) {
            while (users.overBudget()) {
                double rate = users.halve();
                long[] removed = {0};
                ring.forEach(b -> removed[0] += b.purgeUsers(rate));
                users.removed(removed[0]);
                counters.get(Counter.USER_ENTRIES_PURGED).add(removed[0]);
            }
        }
    }
}
