package io.recsys.rollout.plugin;

import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.spi.RolloutPolicyProvider;

/** A provider whose jar is broken: it cannot even be instantiated. Never registered globally. */
public final class BrokenPolicyProvider implements RolloutPolicyProvider {

    /** Fails, as a provider with a missing dependency would. */
    public BrokenPolicyProvider() {
        throw new IllegalStateException("missing dependency of the broken provider");
    }

    @Override
    public String name() {
        return "broken";
    }

    @Override
    public RolloutPolicy create(RolloutConfig config) {
        throw new UnsupportedOperationException();
    }
}
