package io.recsys.rollout;

import io.recsys.core.Bucketing;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;

/** Configurations in the seeds' shape: primary v0.3, canary v0.4. */
final class TestConfigs {
    static final ModelVersion V03 = ModelVersion.parse("v0.3");
    static final ModelVersion V04 = ModelVersion.parse("v0.4");
    static final int MILLION = 1_000_000;

    private TestConfigs() {
    }

    static RolloutConfig.Builder canary(double percentage) {
        return RolloutConfig.builder(V03).strategy("canary").canaryVersion(V04).canaryPercentage(percentage);
    }

    static RolloutConfig canary(double percentage, String salt) {
        return canary(percentage).salt(salt).build();
    }

    static RolloutConfig canaryModulo(double percentage) {
        return canary(percentage).bucketing(Bucketing.MODULO).build();
    }

    static RolloutConfig.Builder abTest() {
        return RolloutConfig.builder(V03).strategy("ab_test").canaryVersion(V04);
    }
}
