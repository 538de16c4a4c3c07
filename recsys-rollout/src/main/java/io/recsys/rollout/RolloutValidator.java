package io.recsys.rollout;

import io.recsys.core.InvalidRolloutException;
import io.recsys.core.ModelRegistry;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicies;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.RolloutUpdate;
import io.recsys.core.UnknownVersionException;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Turns a configuration or a run-time update into a policy, or rejects it with a message that
 * says what to fix. Three layers of rules, checked in this order:
 *
 * <ol>
 *   <li>generic rules, by {@link RolloutConfig} (percentage a number in [0,100], canary differs
 *       from primary, well-formed versions);
 *   <li>strategy rules, by the strategy's provider through {@link RolloutPolicies} (unknown
 *       strategy names list the known ones; {@code canary}, {@code ab_test}, {@code shadow} need a
 *       canary version);
 *   <li>existence: every version the new policy {@linkplain RolloutPolicy#versions() serves or
 *       shadows} is in the registry.
 * </ol>
 *
 * <p>Nothing here changes state: the caller swaps the returned policy in (for example with one
 * {@code AtomicReference.set}); when any rule fails an exception is thrown and the caller keeps
 * the policy it has. Policies are immutable, so a request that read the old one finishes on it.
 * Thread-safe.
 */
public final class RolloutValidator {
    private final RolloutPolicies policies;
    private final Predicate<ModelVersion> exists;
    private final Supplier<List<ModelVersion>> available;

    /**
     * @param policies the strategies to choose from, e.g. {@link RolloutPolicies#discover()}
     * @param exists whether a version is in the registry
     */
    public RolloutValidator(RolloutPolicies policies, Predicate<ModelVersion> exists) {
        this(policies, exists, null);
    }

    private RolloutValidator(RolloutPolicies policies, Predicate<ModelVersion> exists,
            Supplier<List<ModelVersion>> available) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.exists = Objects.requireNonNull(exists, "exists");
        this.available = available;
    }

    /**
     * @param policies the strategies to choose from
     * @param registry the registry whose versions may be rolled out; rejections list its versions
     * @return a validator against that registry
     */
    public static RolloutValidator forRegistry(RolloutPolicies policies, ModelRegistry registry) {
        return new RolloutValidator(policies, registry::contains, registry::versions);
    }

    /**
     * @param config a configuration (generic rules already hold, since it exists)
     * @return the policy for it
     * @throws InvalidRolloutException for an unknown strategy, a configuration the strategy
     *     rejects, or a version the registry does not hold
     */
    public RolloutPolicy create(RolloutConfig config) {
        RolloutPolicy policy = policies.create(config);
        check(policy, exists, available);
        return policy;
    }

    /**
     * Applies a run-time update to the current configuration; what the update leaves out keeps
     * its value.
     *
     * @param current the configuration in force
     * @param update the operator's update
     * @return the policy for the updated configuration
     * @throws InvalidRolloutException when any rule fails (see the class comment)
     * @throws io.recsys.core.InvalidVersionException when a version in the update is malformed
     */
    public RolloutPolicy update(RolloutConfig current, RolloutUpdate update) {
        return create(current.apply(update));
    }

    /**
     * @param policy a policy
     * @param exists whether a version is in the registry
     * @param <P> the policy type
     * @return the policy, when every version it serves or shadows exists
     * @throws InvalidRolloutException naming the first missing version
     */
    public static <P extends RolloutPolicy> P requireRegistered(P policy, Predicate<ModelVersion> exists) {
        check(policy, exists, null);
        return policy;
    }

    /**
     * Checks the primary and, if set, the canary version of a configuration, whatever its strategy.
     *
     * @param config a configuration
     * @param exists whether a version is in the registry
     * @return the configuration, when its versions exist
     * @throws InvalidRolloutException naming the first missing version
     */
    public static RolloutConfig requireRegistered(RolloutConfig config, Predicate<ModelVersion> exists) {
        requireExists(config, config.primaryVersion(), exists, null);
        if (config.canaryVersion() != null) {
            requireExists(config, config.canaryVersion(), exists, null);
        }
        return config;
    }

    private static void check(RolloutPolicy policy, Predicate<ModelVersion> exists, Supplier<List<ModelVersion>> available) {
        for (ModelVersion v : policy.versions()) {
            requireExists(policy.config(), v, exists, available);
        }
    }

    private static void requireExists(RolloutConfig config, ModelVersion version, Predicate<ModelVersion> exists,
            Supplier<List<ModelVersion>> available) {
        if (exists.test(version)) {
            return;
        }
        String role = version.equals(config.primaryVersion()) ? "primary_version"
                : version.equals(config.canaryVersion()) ? "canary_version" : "version";
        String message = "Rollout rejected: " + role + " " + version + " is not in the model registry; "
                + "publish it first or choose a registered version";
        if (available == null) {
            throw new InvalidRolloutException(message);
        }
        var unknown = new UnknownVersionException(version, available.get());
        throw new InvalidRolloutException(message + " (" + unknown.getMessage() + ")", unknown);
    }
}
