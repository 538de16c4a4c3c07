package io.recsys.als;

/**
 * Hyperparameters of the sequence-aware hybrid ({@link HybridTrainer}): a next-item table plus
 * each user's recent items, blended with recency-weighted ALS. Build with {@link #builder()}.
 *
 * @param window how many following positions of a user's history count as "after" an item
 *     ({@code >= 1}); the pair at distance {@code d} counts {@code 1 / d}
 * @param successors top successors kept per item ({@code >= 1}), so the table is linear in the
 *     catalogue
 * @param recentItems how many of a user's latest items drive the transition score ({@code >= 1})
 * @param recentDecay geometric weight per step back in the user's recent items, in {@code (0, 1]}
 * @param blend weight {@code beta} of the ALS term: {@code transitions / max + beta * ALS / max}
 *     ({@code >= 0})
 */
public record SequenceHyperparameters(int window, int successors, int recentItems, double recentDecay, double blend) {

    /** Validates the ranges. */
    public SequenceHyperparameters {
        if (window < 1 || successors < 1 || recentItems < 1) {
            throw new IllegalArgumentException("window, successors and recentItems must be >= 1");
        }
        if (!(recentDecay > 0 && recentDecay <= 1)) {
            throw new IllegalArgumentException("recentDecay must be in (0, 1]");
        }
        if (!(blend >= 0) || Double.isInfinite(blend)) {
            throw new IllegalArgumentException("blend must be finite and >= 0");
        }
    }

    /** @return the defaults (see {@link Builder}) */
    public static SequenceHyperparameters defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these values */
    public Builder toBuilder() {
        return new Builder().window(window).successors(successors).recentItems(recentItems).recentDecay(recentDecay)
                .blend(blend);
    }

    /** Collects the values; starts from the defaults (window 3, 100 successors, 5 recent items, decay 0.5, blend 0.5). */
    public static final class Builder {
        private int window = 3;
        private int successors = 100;
        private int recentItems = 5;
        private double recentDecay = 0.5;
        private double blend = 0.5;

        private Builder() {
        }

        /**
         * @param value positions after an item that count as its successors
         * @return this builder
         */
        public Builder window(int value) {
            window = value;
            return this;
        }

        /**
         * @param value successors kept per item
         * @return this builder
         */
        public Builder successors(int value) {
            successors = value;
            return this;
        }

        /**
         * @param value recent items per user
         * @return this builder
         */
        public Builder recentItems(int value) {
            recentItems = value;
            return this;
        }

        /**
         * @param value geometric weight per step back
         * @return this builder
         */
        public Builder recentDecay(double value) {
            recentDecay = value;
            return this;
        }

        /**
         * @param value weight of the ALS term
         * @return this builder
         */
        public Builder blend(double value) {
            blend = value;
            return this;
        }

        /**
         * @return the hyperparameters
         * @throws IllegalArgumentException when a value is out of range
         */
        public SequenceHyperparameters build() {
            return new SequenceHyperparameters(window, successors, recentItems, recentDecay, blend);
        }
    }
}
