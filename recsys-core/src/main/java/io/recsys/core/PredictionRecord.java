package io.recsys.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * The provenance of one answered (or failed) recommendation, handed to every
 * {@code ProvenanceSink}. Immutable: the item ids are copied in and {@link #items()} returns a
 * copy; sinks on a hot path read them without copying through {@link #itemCount()} and
 * {@link #item(int)}.
 *
 * @param requestId request id ({@code X-Request-ID})
 * @param timestamp epoch milliseconds when the request started
 * @param userId the user id
 * @param k how many items were asked for
 * @param items the returned item ids, best first (empty on failure)
 * @param variant the rollout variant ({@code shadow} for a shadow scoring)
 * @param bucket the user's bucket in [0,1)
 * @param model the version that scored (or failed to score) the request
 * @param imageDigest serving container image digest, or null
 * @param latencyNanos time to answer, in nanoseconds
 * @param outcome how the request ended
 * @param requestLine the transport's request line, as data
 * @param shadow whether this is a shadow scoring (not served to the user)
 * @param errorType the failure's exception type when the outcome is not {@link Outcome#SERVED}, else null
 * @param vectorSource where the user's vector came from: {@link #FROM_MODEL}, {@link #FROM_FOLD_IN}, or
 *     null when not reported (records from before fold-in existed)
 * @param eventsSinceModel with {@link #FROM_FOLD_IN}: how many live events were folded in since the
 *     model was trained; else 0
 */
public record PredictionRecord(
        String requestId,
        long timestamp,
        long userId,
        int k,
        long[] items,
        String variant,
        double bucket,
        ModelInfo model,
        String imageDigest,
        long latencyNanos,
        Outcome outcome,
        RequestLine requestLine,
        boolean shadow,
        String errorType,
        String vectorSource,
        int eventsSinceModel) {

    /** {@link #vectorSource()} when the user's vector (or the popularity fallback) is the model's own. */
    public static final String FROM_MODEL = "model";
    /** {@link #vectorSource()} when the user's vector was updated by fold-in since the model. */
    public static final String FROM_FOLD_IN = "fold_in";

    private static final long[] NO_ITEMS = new long[0];

    /**
     * A record without fold-in provenance (the form before fold-in existed).
     *
     * @param requestId request id
     * @param timestamp epoch milliseconds
     * @param userId the user id
     * @param k items asked for
     * @param items returned item ids
     * @param variant rollout variant
     * @param bucket the user's bucket
     * @param model the version that scored
     * @param imageDigest image digest, or null
     * @param latencyNanos latency in nanoseconds
     * @param outcome how the request ended
     * @param requestLine the request line
     * @param shadow whether a shadow scoring
     * @param errorType failure type, or null
     */
    public PredictionRecord(String requestId, long timestamp, long userId, int k, long[] items, String variant,
                            double bucket, ModelInfo model, String imageDigest, long latencyNanos, Outcome outcome,
                            RequestLine requestLine, boolean shadow, String errorType) {
        this(requestId, timestamp, userId, k, items, variant, bucket, model, imageDigest, latencyNanos, outcome,
                requestLine, shadow, errorType, null, 0);
    }

    /** Validates required fields and copies the item ids. */
    public PredictionRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(outcome, "outcome");
        requestLine = requestLine == null ? RequestLine.DEFAULT : requestLine;
        items = items == null || items.length == 0 ? NO_ITEMS : items.clone();
        if (eventsSinceModel < 0) {
            throw new IllegalArgumentException("eventsSinceModel must be >= 0, got " + eventsSinceModel);
        }
    }

    /** @return whether the user's vector came from fold-in rather than the model */
    public boolean foldedIn() {
        return FROM_FOLD_IN.equals(vectorSource);
    }

    /** @return a copy of the returned item ids, best first */
    @Override
    public long[] items() {
        return items.length == 0 ? NO_ITEMS : items.clone();
    }

    /** @return how many items were returned */
    public int itemCount() {
        return items.length;
    }

    /**
     * @param index position in the ranking, from 0
     * @return the item id at that position
     */
    public long item(int index) {
        return items[index];
    }

    /**
     * An estimate of the heap this record holds on its own: the record, its item array and its
     * request id (twice: a store keys by it) and variant; the model identity, shared by every
     * record of a version, is not counted. What byte-bounded stores and queues charge for it.
     *
     * @return estimated bytes
     */
    public long estimatedBytes() {
        return 160 + 16 + 8L * items.length + 2 * (40 + 2L * requestId.length())
                + (variant == null ? 0 : 40 + variant.length()) + 64;
    }

    /** @return whether items were served */
    public boolean successful() {
        return outcome.successful();
    }

    /** @return the latency in milliseconds, with a fraction */
    public double latencyMs() {
        return latencyNanos / 1e6;
    }

    /** @return the model type */
    public String modelName() {
        return model.modelName();
    }

    /** @return the registry version text */
    public String modelVersion() {
        return model.version().toString();
    }

    /** @return the pipeline commit */
    public String gitSha() {
        return model.gitSha();
    }

    /** @return the training data identifier */
    public String dataSnapshotId() {
        return model.dataSnapshotId();
    }

    /** @return the training manifest hash, or null */
    public String manifestSha256() {
        return model.manifestSha256();
    }

    /** @return the request path template */
    public String path() {
        return requestLine.path();
    }

    /** @return the request method */
    public String method() {
        return requestLine.method();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PredictionRecord r && requestId.equals(r.requestId) && timestamp == r.timestamp
                && userId == r.userId && k == r.k && Arrays.equals(items, r.items) && Objects.equals(variant, r.variant)
                && Double.compare(bucket, r.bucket) == 0 && model.equals(r.model)
                && Objects.equals(imageDigest, r.imageDigest) && latencyNanos == r.latencyNanos && outcome == r.outcome
                && requestLine.equals(r.requestLine) && shadow == r.shadow && Objects.equals(errorType, r.errorType)
                && Objects.equals(vectorSource, r.vectorSource) && eventsSinceModel == r.eventsSinceModel;
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestId, timestamp, userId, Arrays.hashCode(items), model.version(), outcome, shadow);
    }

    @Override
    public String toString() {
        return "PredictionRecord[requestId=" + requestId + ", userId=" + userId + ", k=" + k + ", items="
                + Arrays.toString(items) + ", variant=" + variant + ", version=" + model.version() + ", outcome="
                + outcome + ", shadow=" + shadow + "]";
    }

    /**
     * @param requestId the request id
     * @param model the version that scored the request
     * @return a builder for a served, non-shadow record with no items
     */
    public static Builder builder(String requestId, ModelInfo model) {
        return new Builder(requestId, model);
    }

    /** Builder of {@link PredictionRecord}; every field but the request id and the model has a default. */
    public static final class Builder {
        private final String requestId;
        private final ModelInfo model;
        private long timestamp;
        private long userId;
        private int k;
        private long[] items = NO_ITEMS;
        private String variant;
        private double bucket;
        private String imageDigest;
        private long latencyNanos;
        private Outcome outcome = Outcome.SERVED;
        private RequestLine requestLine = RequestLine.DEFAULT;
        private boolean shadow;
        private String errorType;
        private String vectorSource;
        private int eventsSinceModel;

        private Builder(String requestId, ModelInfo model) {
            this.requestId = requestId;
            this.model = model;
        }

        /** @param value epoch milliseconds @return this */
        public Builder timestamp(long value) {
            timestamp = value;
            return this;
        }

        /** @param value the user @return this */
        public Builder userId(long value) {
            userId = value;
            return this;
        }

        /** @param value items asked for @return this */
        public Builder k(int value) {
            k = value;
            return this;
        }

        /** @param value returned item ids, best first (copied) @return this */
        public Builder items(long... value) {
            items = value;
            return this;
        }

        /** @param value rollout variant @return this */
        public Builder variant(String value) {
            variant = value;
            return this;
        }

        /** @param value the user's bucket @return this */
        public Builder bucket(double value) {
            bucket = value;
            return this;
        }

        /** @param value serving image digest @return this */
        public Builder imageDigest(String value) {
            imageDigest = value;
            return this;
        }

        /** @param value latency in nanoseconds @return this */
        public Builder latencyNanos(long value) {
            latencyNanos = value;
            return this;
        }

        /** @param value how the request ended @return this */
        public Builder outcome(Outcome value) {
            outcome = value;
            return this;
        }

        /** @param value the transport's request line @return this */
        public Builder requestLine(RequestLine value) {
            requestLine = value;
            return this;
        }

        /** @param value whether this is a shadow scoring @return this */
        public Builder shadow(boolean value) {
            shadow = value;
            return this;
        }

        /** @param value the failure's type, or null @return this */
        public Builder errorType(String value) {
            errorType = value;
            return this;
        }

        /** @param value {@link #FROM_MODEL}, {@link #FROM_FOLD_IN} or null @return this */
        public Builder vectorSource(String value) {
            vectorSource = value;
            return this;
        }

        /** @param value live events folded in since the model @return this */
        public Builder eventsSinceModel(int value) {
            eventsSinceModel = value;
            return this;
        }

        /** @return the record */
        public PredictionRecord build() {
            return new PredictionRecord(requestId, timestamp, userId, k, items, variant, bucket, model, imageDigest,
                    latencyNanos, outcome, requestLine, shadow, errorType, vectorSource, eventsSinceModel);
        }
    }
}
