/**
 * Pure statistical functions for deciding experiments: two-proportion z-test, Welch t-test,
 * bootstrap intervals, sample size and power, sample ratio mismatch, an always-valid sequential
 * test and multiple-comparison adjustments.
 *
 * <p>Every function is deterministic (the bootstrap takes a seed), documents its formula and
 * rejects input it cannot give a finite answer for with an {@link IllegalArgumentException}
 * whose message says what was wrong. Distributions come from Apache Commons Math 3.
 */
package io.recsys.experiments.stats;
