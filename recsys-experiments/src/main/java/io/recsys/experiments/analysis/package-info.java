/**
 * Progressive delivery judged on evidence: a canary walks a list of traffic steps and is advanced,
 * promoted, rolled back or paused by always-valid sequential tests that compare it with the
 * primary ({@link io.recsys.experiments.analysis.RolloutAnalysis}).
 *
 * <p>{@link io.recsys.experiments.analysis.RolloutObservations} counts what the two arms did
 * (requests, errors, latencies, exposed and converting users) from the serving path;
 * {@link io.recsys.experiments.analysis.RolloutAnalysis} turns a snapshot of those counts into a
 * {@link io.recsys.experiments.analysis.RolloutDecision} with its evidence. Both are pure logic with
 * an injectable clock: applying a decision (swapping the rollout) is the caller's job.
 */
package io.recsys.experiments.analysis;
