package io.recsys.experiments;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which users the log aggregates per user, within a budget in bytes: consistent hash
 * sampling (every user whose hashed id falls below the sampling rate is kept, in every bucket
 * and variant, so a window's users are one uniform sample). When the kept entries would exceed
 * the budget the rate halves and the entries above it are purged: memory stays below
 * {@code budgetBytes}, and the sample stays a uniform random subset of users, independent of the
 * variant (so tests on it, the sample ratio check included, keep their level).
 *
 * <p>Error: with rate r and k sampled users, the number of users is estimated by k/r with
 * relative standard error √((1 − r)/k) (binomial thinning); per-user means and ratios are
 * estimated from the k users, and their standard errors, computed from the sample, already
 * include the sampling.
 */
final class UserSampler {

    /**
     * Estimated bytes per (bucket, variant, user) entry: map node 32, boxed key 16, the
     * {@link UserStats} object 64 with its feedback array 48, plus table slack.
     */
    static final int ENTRY_BYTES = 200;

    private final long maxEntries;
    private final AtomicLong entries = new AtomicLong();
    private volatile double rate = 1.0;

    UserSampler(long budgetBytes) {
        this.maxEntries = Math.max(1, budgetBytes / ENTRY_BYTES);
    }

    /** @return whether this user is in the sample at the current rate */
    boolean sampled(long userId) {
        return position(userId) < rate;
    }

    /** @return the user's fixed position in [0, 1) (SplitMix64 finaliser of the id) */
    static double position(long userId) {
        long z = userId + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    /** Counts a new entry; @return whether the budget is now exceeded */
    boolean added() {
        return entries.incrementAndGet() > maxEntries;
    }

    void removed(long n) {
        entries.addAndGet(-n);
    }

    /** Halves the rate; the caller purges the entries above it. */
    double halve() {
        rate = rate / 2.0;
        return rate;
    }

    boolean overBudget() {
        return entries.get() > maxEntries;
    }

    double rate() {
        return rate;
    }

    long entries() {
        return entries.get();
    }

    long maxEntries() {
        return maxEntries;
    }
}
