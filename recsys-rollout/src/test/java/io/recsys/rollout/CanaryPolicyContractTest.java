package io.recsys.rollout;

import io.recsys.core.Bucketing;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.contract.RolloutPolicyContractTest;
import org.junit.jupiter.api.Nested;

/** Strategy {@code canary} keeps the rollout policy contract, under both bucketing modes. */
class CanaryPolicyContractTest extends RolloutPolicyContractTest {

    @Override
    protected RolloutConfig config() {
        return RolloutConfig.builder(PRIMARY).strategy("canary").canaryVersion(CANARY).canaryPercentage(30).build();
    }

    @Override
    protected RolloutPolicy create(RolloutConfig config) {
        return new CanaryPolicyProvider().create(config);
    }

    @Nested
    class WithModuloBucketing extends RolloutPolicyContractTest {
        @Override
        protected RolloutConfig config() {
            return RolloutConfig.builder(PRIMARY).strategy("canary").canaryVersion(CANARY).canaryPercentage(30).bucketing(Bucketing.MODULO).build();
        }

        @Override
        protected RolloutPolicy create(RolloutConfig config) {
            return new CanaryPolicyProvider().create(config);
        }
    }
}
