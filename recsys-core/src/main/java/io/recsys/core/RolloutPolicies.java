package io.recsys.core;

import io.recsys.core.spi.Providers;
import io.recsys.core.spi.RolloutPolicyProvider;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Creates rollout policies by strategy name from the {@link RolloutPolicyProvider}s found by
 * ServiceLoader. An explicit name always decides; an unknown name is an error that lists the
 * known ones.
 */
public final class RolloutPolicies {
    private final List<RolloutPolicyProvider> providers;

    private RolloutPolicies(List<RolloutPolicyProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** @return the providers visible to the library's class loader */
    public static RolloutPolicies discover() {
        return discover(RolloutPolicies.class.getClassLoader());
    }

    /**
     * @param classLoader where to look for providers
     * @return the providers visible to that class loader
     */
    public static RolloutPolicies discover(ClassLoader classLoader) {
        return new RolloutPolicies(Providers.load(RolloutPolicyProvider.class, classLoader));
    }

    /**
     * @param providers explicit providers (no discovery)
     * @return a factory over exactly these providers
     */
    public static RolloutPolicies of(List<RolloutPolicyProvider> providers) {
        return new RolloutPolicies(providers);
    }

    /** @return the strategy names known, sorted */
    public List<String> names() {
        var names = new TreeSet<String>();
        providers.forEach(p -> names.add(p.name()));
        return List.copyOf(names);
    }

    /**
     * @param config the configuration, whose strategy selects the provider
     * @return the policy
     * @throws InvalidRolloutException for an unknown strategy (listing the known ones) or a
     *     configuration the strategy rejects
     */
    public RolloutPolicy create(RolloutConfig config) {
        return provider(config.strategy()).create(config);
    }

    /**
     * @param strategy a strategy name or alias
     * @return its provider
     * @throws InvalidRolloutException when no provider has that name
     */
    public RolloutPolicyProvider provider(String strategy) {
        String wanted = strategy.toLowerCase(Locale.ROOT);
        for (var p : providers) {
            if (p.name().equalsIgnoreCase(wanted)) {
                return p;
            }
        }
        for (var p : providers) {
            if (p.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(wanted))) {
                return p;
            }
        }
        throw new InvalidRolloutException("Unknown rollout strategy '" + strategy + "'; known: "
                + (providers.isEmpty() ? "(none: add recsys-rollout to the class path)" : String.join(", ", names())));
    }
}
