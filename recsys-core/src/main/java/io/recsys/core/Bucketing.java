package io.recsys.core;

/** How a rollout policy maps a user id to a bucket in [0,1). */
public enum Bucketing {
    /**
     * A salted 64-bit hash of (salt, user id): uniform, sticky, and independent between
     * experiments with different salts. The default.
     */
    HASH,
    /**
     * The seeds' rules, for compatibility: {@code user_id % 100} for percentages and user-id parity
     * for A/B. Correlated across experiments and with anything else keyed on the id's low digits.
     */
    MODULO
}
