package io.recsys.rollout;

import io.recsys.core.Bucketing;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.contract.RolloutPolicyContractTest;
import org.junit.jupiter.api.Nested;

/** Strategy {@code shadow} keeps the rollout policy contract, under both bucketing modes. */
class ShadowPolicyContractTest extends RolloutPolicyContractTest {

    @Override
    protected RolloutConfig config() {
        return RolloutConfig.builder(PRIMARY).strategy("shadow").canaryVersion(CANARY).build();
    }

    @Override
    protected RolloutPolicy create(RolloutConfig config) {
        return new ShadowPolicyProvider().create(config);
    }

    @Nested
    class WithModuloBucketing extends RolloutPolicyContractTest {
        @Override
        protected RolloutConfig config() {
            return RolloutConfig.builder(PRIMARY).strategy("shadow").canaryVersion(CANARY).bucketing(Bucketing.MODULO).build();
        }

        @Override
        protected RolloutPolicy create(RolloutConfig config) {
            return new ShadowPolicyProvider().create(config);
        }
    }
}
