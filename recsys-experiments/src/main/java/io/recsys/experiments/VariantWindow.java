package io.recsys.experiments;

import io.recsys.core.event.UserEventType;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One variant's outcomes over a window, bucket by bucket (index 0 is the oldest bucket; buckets
 * without traffic are zeros).
 */
public final class VariantWindow {

    private final long[] requestsPerBucket;
    private final long[] successesPerBucket;
    private final Map<UserEventType, long[]> feedbackPerBucket;
    private final long shadowRequests;
    private final long shadowSuccesses;
    private final double[] latencySample;
    private final long latencyObservations;
    private final String modelVersion;
    private final UserOutcomes users;

    VariantWindow(long[] requestsPerBucket, long[] successesPerBucket,
            Map<UserEventType, long[]> feedbackPerBucket, long shadowRequests, long shadowSuccesses,
            double[] latencySample, long latencyObservations, String modelVersion, UserOutcomes users) {
        this.requestsPerBucket = requestsPerBucket;
        this.successesPerBucket = successesPerBucket;
        this.feedbackPerBucket = new EnumMap<>(feedbackPerBucket);
        this.shadowRequests = shadowRequests;
        this.shadowSuccesses = shadowSuccesses;
        this.latencySample = latencySample;
        this.latencyObservations = latencyObservations;
        this.modelVersion = modelVersion;
        this.users = users;
    }

    /** An empty window of {@code buckets} buckets, for a variant that had no traffic. */
    static VariantWindow empty(int buckets) {
        Map<UserEventType, long[]> feedback = new EnumMap<>(UserEventType.class);
        for (UserEventType t : UserEventType.values()) {
            feedback.put(t, new long[buckets]);
        }
        return new VariantWindow(new long[buckets], new long[buckets], feedback, 0, 0,
                new double[0], 0, null, UserOutcomes.empty(1.0));
    }

    /** @return served requests in the window */
    public long requests() {
        return Arrays.stream(requestsPerBucket).sum();
    }

    /** @return served requests with a 2xx status */
    public long successes() {
        return Arrays.stream(successesPerBucket).sum();
    }

    /**
     * @param type a feedback type
     * @return feedback events of that type attributed to this variant
     */
    public long feedback(UserEventType type) {
        return Arrays.stream(feedbackPerBucket.get(type)).sum();
    }

    /** @return shadow scorings (not served) in the window */
    public long shadowRequests() {
        return shadowRequests;
    }

    /** @return successful shadow scorings */
    public long shadowSuccesses() {
        return shadowSuccesses;
    }

    /** @return a copy of the per-bucket request counts, oldest first */
    public long[] requestsPerBucket() {
        return requestsPerBucket.clone();
    }

    /** @return a copy of the per-bucket success counts, oldest first */
    public long[] successesPerBucket() {
        return successesPerBucket.clone();
    }

    /**
     * @param type a feedback type
     * @return a copy of the per-bucket counts of that feedback, oldest first
     */
    public long[] feedbackPerBucket(UserEventType type) {
        return feedbackPerBucket.get(type).clone();
    }

    /**
     * An equal-probability sample of the window's latencies, in milliseconds (bounded by the
     * log's reservoir sizes; see {@link ExperimentLog}).
     *
     * @return a copy of the sample
     */
    public double[] latencySample() {
        return latencySample.clone();
    }

    /** @return how many valid latencies were observed (the sample's population size) */
    public long latencyObservations() {
        return latencyObservations;
    }

    /** @return the model version last seen serving this variant in the window, or null */
    public String modelVersion() {
        return modelVersion;
    }

    /** @return the window's outcomes per user (the unit of randomisation) */
    public UserOutcomes users() {
        return users;
    }

    /** @return the feedback totals by type, read-only */
    public Map<UserEventType, Long> feedbackTotals() {
        Map<UserEventType, Long> out = new EnumMap<>(UserEventType.class);
        for (UserEventType t : UserEventType.values()) {
            out.put(t, feedback(t));
        }
        return Collections.unmodifiableMap(out);
    }
}
