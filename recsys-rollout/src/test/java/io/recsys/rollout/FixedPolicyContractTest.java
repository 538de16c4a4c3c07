package io.recsys.rollout;

import io.recsys.core.Bucketing;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.contract.RolloutPolicyContractTest;
import org.junit.jupiter.api.Nested;

/** Strategy {@code fixed} keeps the rollout policy contract, under both bucketing modes. */
class FixedPolicyContractTest extends RolloutPolicyContractTest {

    @Override
    protected RolloutConfig config() {
        return RolloutConfig.builder(PRIMARY).build();
    }

    @Override
    protected RolloutPolicy create(RolloutConfig config) {
        return new FixedPolicyProvider().create(config);
    }

    @Nested
    class WithModuloBucketing extends RolloutPolicyContractTest {
        @Override
        protected RolloutConfig config() {
            return RolloutConfig.builder(PRIMARY).bucketing(Bucketing.MODULO).build();
        }

        @Override
        protected RolloutPolicy create(RolloutConfig config) {
            return new FixedPolicyProvider().create(config);
        }
    }
}
