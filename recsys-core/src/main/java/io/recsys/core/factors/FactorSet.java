package io.recsys.core.factors;

import java.util.Objects;

/**
 * A trained matrix-factorisation model as plain arrays, whatever trained it (the in-process ALS,
 * Spark MLlib, {@code implicit}): row {@code r} of {@code userFactors} belongs to
 * {@code userIds[r]}, row-major {@code [users, factors]}; likewise for items. The seen-items CSR
 * and the item popularity are optional (null): without them nothing is filtered as seen and
 * unknown users get items in id order. Obtain one with {@link #builder(int)}.
 *
 * @param factors latent factors per row, at least 1
 * @param userIds user ids, distinct, one per user row
 * @param itemIds item ids, distinct, one per item row
 * @param userFactors user factors, {@code userIds.length * factors} values
 * @param itemFactors item factors, {@code itemIds.length * factors} values
 * @param seenIndptr users' seen-item row pointers ({@code users + 1} values from 0), or null
 * @param seenIndices seen item indices (rows of {@code itemIds}, ascending per user), or null
 * @param itemPopularity interaction counts aligned with {@code itemIds}, or null
 */
public record FactorSet(int factors, long[] userIds, long[] itemIds, float[] userFactors, float[] itemFactors,
                        long[] seenIndptr, int[] seenIndices, long[] itemPopularity) {

    /** Validates the shapes (ids' distinctness is the loader's to check). */
    public FactorSet {
        if (factors < 1) {
            throw new IllegalArgumentException("factors must be at least 1, got " + factors);
        }
        Objects.requireNonNull(userIds, "userIds");
        Objects.requireNonNull(itemIds, "itemIds");
        Objects.requireNonNull(userFactors, "userFactors");
        Objects.requireNonNull(itemFactors, "itemFactors");
        if ((long) userIds.length * factors != userFactors.length) {
            throw new IllegalArgumentException("userFactors has " + userFactors.length + " values, expected "
                    + userIds.length + " users x " + factors + " factors");
        }
        if ((long) itemIds.length * factors != itemFactors.length) {
            throw new IllegalArgumentException("itemFactors has " + itemFactors.length + " values, expected "
                    + itemIds.length + " items x " + factors + " factors");
        }
        if ((seenIndptr == null) != (seenIndices == null)) {
            throw new IllegalArgumentException("seenIndptr and seenIndices come together or not at all");
        }
        if (seenIndptr != null) {
            if (seenIndptr.length != userIds.length + 1 || seenIndptr[0] != 0
                    || seenIndptr[userIds.length] != seenIndices.length) {
                throw new IllegalArgumentException("seenIndptr must have users + 1 entries running from 0 to "
                        + seenIndices.length);
            }
        }
        if (itemPopularity != null && itemPopularity.length != itemIds.length) {
            throw new IllegalArgumentException("itemPopularity has " + itemPopularity.length + " entries, expected "
                    + itemIds.length);
        }
    }

    /** @return the number of users */
    public int users() {
        return userIds.length;
    }

    /** @return the number of items */
    public int items() {
        return itemIds.length;
    }

    /** @return the number of seen (user, item) pairs, 0 without the seen-items CSR */
    public long interactions() {
        return seenIndices == null ? 0 : seenIndices.length;
    }

    /**
     * @param factors latent factors per row
     * @return a builder
     */
    public static Builder builder(int factors) {
        return new Builder(factors);
    }

    /** Builds a {@link FactorSet}; the arrays are taken, not copied. */
    public static final class Builder {
        private final int factors;
        private long[] userIds;
        private long[] itemIds;
        private float[] userFactors;
        private float[] itemFactors;
        private long[] seenIndptr;
        private int[] seenIndices;
        private long[] itemPopularity;

        private Builder(int factors) {
            this.factors = factors;
        }

        /**
         * @param ids user ids, one per row
         * @param factorValues row-major {@code [users, factors]}
         * @return this
         */
        public Builder users(long[] ids, float[] factorValues) {
            this.userIds = ids;
            this.userFactors = factorValues;
            return this;
        }

        /**
         * @param ids item ids, one per row
         * @param factorValues row-major {@code [items, factors]}
         * @return this
         */
        public Builder items(long[] ids, float[] factorValues) {
            this.itemIds = ids;
            this.itemFactors = factorValues;
            return this;
        }

        /**
         * @param indptr row pointers, {@code users + 1} values
         * @param indices item indices
         * @return this
         */
        public Builder seen(long[] indptr, int[] indices) {
            this.seenIndptr = indptr;
            this.seenIndices = indices;
            return this;
        }

        /** @param counts interactions per item, aligned with the item ids @return this */
        public Builder itemPopularity(long[] counts) {
            this.itemPopularity = counts;
            return this;
        }

        /** @return the validated set */
        public FactorSet build() {
            return new FactorSet(factors, userIds, itemIds, userFactors, itemFactors, seenIndptr, seenIndices,
                    itemPopularity);
        }
    }
}
