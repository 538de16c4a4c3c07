package io.recsys.rollout.plugin;

import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicies;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.contract.RolloutPolicyContractTest;

/** The third-party strategy runs the same contract kit as the built-in ones, found by discovery. */
class AllowlistPolicyContractTest extends RolloutPolicyContractTest {

    @Override
    protected RolloutConfig config() {
        return RolloutConfig.builder(PRIMARY).strategy("allowlist").canaryVersion(CANARY)
                .param("users", "0, 42, -1, 9223372036854775807").build();
    }

    @Override
    protected RolloutPolicy create(RolloutConfig config) {
        return RolloutPolicies.discover().create(config);
    }
}
