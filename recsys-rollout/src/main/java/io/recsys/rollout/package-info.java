/**
 * The built-in rollout strategies: {@code fixed}, {@code canary}, {@code ab_test} and
 * {@code shadow}, each an ordinary {@link io.recsys.core.spi.RolloutPolicyProvider} found by
 * {@link io.recsys.core.RolloutPolicies#discover()}.
 *
 * <h2>Bucketing</h2>
 * A user's bucket in [0,1) decides their route; the same user and configuration always give the
 * same bucket. Two modes ({@link io.recsys.core.Bucketing}):
 * <ul>
 *   <li>{@code HASH} (default): {@link io.recsys.rollout.SaltedHash XXH64} of the user id seeded
 *       with the experiment salt, top 53 bits as a double. It is the default because
 *       <ul>
 *         <li>experiments with different salts are independent: being a canary in one says nothing
 *             about being a canary or B in another, whereas with {@code user_id % 100} the same
 *             users are the first 10% of every experiment and bear all the risk and all the
 *             interaction effects;
 *         <li>it does not correlate with how ids were assigned: sequential ids put the oldest or
 *             newest accounts, and any id scheme that encodes region or shard in its low digits
 *             puts whole groups, into the same {@code % 100} slice;
 *         <li>percentages finer than 1% work (0.5%, 12.25%), where {@code % 100} has 100 slots;
 *         <li>a new salt re-randomises everyone, for a fresh experiment on fresh users.
 *       </ul>
 *   <li>{@code MODULO}: the seeds' exact rules, for compatibility with a system that already
 *       routes that way: canary iff {@code floorMod(user_id, 100) < canary_percentage}, and in
 *       {@code ab_test} even ids to B, odd ids to A.
 * </ul>
 * In both modes raising a canary percentage only adds users: the canaries at 5% remain canaries
 * at 25%.
 *
 * <h2>Updates</h2>
 * Policies are immutable. {@link io.recsys.rollout.RolloutValidator} builds the policy for a new
 * configuration or run-time update, or rejects it; the caller swaps the new policy in atomically.
 */
package io.recsys.rollout;
