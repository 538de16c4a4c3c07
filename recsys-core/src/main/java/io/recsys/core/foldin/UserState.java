package io.recsys.core.foldin;

import java.util.Arrays;
import java.util.Objects;

/**
 * A user's live state between two trainings: the folded-in vector and the recent interactions
 * (oldest first) it was computed from. Immutable: arrays are copied in, and the accessors return
 * copies; the serving path reads without copying through {@link #vectorAt}, {@link #itemAt} and
 * friends.
 *
 * @param vector the user's factors after fold-in
 * @param items the item ids of the recent interactions, oldest first
 * @param values each interaction's strength (the rating, or 1)
 * @param timestamps each interaction's time, epoch milliseconds
 * @param eventsSinceModel how many events were folded in since the model was trained ({@code >=
 *     items.length} once older events fall out of the window)
 */
public record UserState(float[] vector, long[] items, float[] values, long[] timestamps, int eventsSinceModel) {

    /** Validates the shapes and copies the arrays. */
    public UserState {
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(timestamps, "timestamps");
        if (values.length != items.length || timestamps.length != items.length) {
            throw new IllegalArgumentException("items, values and timestamps differ in length");
        }
        if (eventsSinceModel < items.length) {
            throw new IllegalArgumentException("eventsSinceModel " + eventsSinceModel + " < " + items.length + " items");
        }
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("user vector must be finite");
            }
        }
        vector = vector.clone();
        items = items.clone();
        values = values.clone();
        timestamps = timestamps.clone();
    }

    /** @return the vector (a copy) */
    @Override
    public float[] vector() {
        return vector.clone();
    }

    /** @return the recent item ids, oldest first (a copy) */
    @Override
    public long[] items() {
        return items.clone();
    }

    /** @return the strengths (a copy) */
    @Override
    public float[] values() {
        return values.clone();
    }

    /** @return the timestamps (a copy) */
    @Override
    public long[] timestamps() {
        return timestamps.clone();
    }

    /** @return the number of factors */
    public int factors() {
        return vector.length;
    }

    /**
     * @param j factor index
     * @return the vector's {@code j}-th value
     */
    public float vectorAt(int j) {
        return vector[j];
    }

    /** @param out receives the vector in {@code out[0..factors)} */
    public void copyVector(float[] out) {
        System.arraycopy(vector, 0, out, 0, vector.length);
    }

    /** @return how many recent interactions are kept */
    public int size() {
        return items.length;
    }

    /**
     * @param q position, 0 = oldest
     * @return the item id
     */
    public long itemAt(int q) {
        return items[q];
    }

    /**
     * @param q position, 0 = oldest
     * @return the strength
     */
    public float valueAt(int q) {
        return values[q];
    }

    /**
     * @param q position, 0 = oldest
     * @return the timestamp
     */
    public long timestampAt(int q) {
        return timestamps[q];
    }

    /**
     * A conservative estimate of the heap this state occupies (object headers, the four arrays and
     * their headers), used to bound the overlay in bytes.
     *
     * @return bytes
     */
    public long estimatedBytes() {
        long arrays = 4L * 16 + 4L * vector.length + 8L * items.length + 4L * values.length + 8L * timestamps.length;
        return 32 + arrays;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserState s && eventsSinceModel == s.eventsSinceModel && Arrays.equals(vector, s.vector)
                && Arrays.equals(items, s.items) && Arrays.equals(values, s.values)
                && Arrays.equals(timestamps, s.timestamps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(vector), Arrays.hashCode(items), eventsSinceModel);
    }

    @Override
    public String toString() {
        return "UserState[factors=" + vector.length + ", items=" + Arrays.toString(items) + ", eventsSinceModel="
                + eventsSinceModel + "]";
    }
}
