package io.recsys.rollout;

import static io.recsys.rollout.TestConfigs.V03;
import static io.recsys.rollout.TestConfigs.V04;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.Bucketing;
import io.recsys.core.InvalidRolloutException;
import io.recsys.core.RolloutConfig;
import io.recsys.core.Route;
import org.junit.jupiter.api.Test;

class FixedAndShadowPolicyTest {

    @Test
    void fixed_routesEveryoneToPrimary() {
        var policy = new FixedPolicy(RolloutConfig.builder(V03).build());
        for (long id = -10_000; id < 10_000; id++) {
            Route r = policy.route(id);
            assertThat(r.variant()).isEqualTo(Variants.PRIMARY);
            assertThat(r.servedVersion()).isEqualTo(V03);
            assertThat(r.hasShadow()).isFalse();
        }
        assertThat(policy.versions()).containsExactly(V03);
    }

    @Test
    void fixed_withCanaryInConfig_neitherServesNorLoadsIt() {
        var policy = new FixedPolicy(RolloutConfig.builder(V03).canaryVersion(V04).canaryPercentage(50).build());
        for (long id = 0; id < 10_000; id++) {
            assertThat(policy.route(id).servedVersion()).isEqualTo(V03);
        }
        assertThat(policy.versions()).containsExactly(V03);
    }

    @Test
    void fixed_moduloReportsSeedsBucket() {
        var policy = new FixedPolicy(RolloutConfig.builder(V03).bucketing(Bucketing.MODULO).build());
        assertThat(policy.route(1234).bucket()).isEqualTo(0.34);
        assertThat(policy.route(-1).bucket()).isEqualTo(0.99);
    }

    @Test
    void shadow_servesPrimaryAndShadowsCanaryForEveryone() {
        var policy = new ShadowPolicy(RolloutConfig.builder(V03).strategy("shadow").canaryVersion(V04).build());
        for (long id = -10_000; id < 10_000; id++) {
            Route r = policy.route(id);
            assertThat(r.variant()).isEqualTo(Variants.PRIMARY);
            assertThat(r.servedVersion()).isEqualTo(V03);
            assertThat(r.shadowVersion()).isEqualTo(V04);
        }
        assertThat(policy.versions()).containsExactly(V03, V04);
    }

    @Test
    void shadow_withoutCanaryVersion_isRejected() {
        var config = RolloutConfig.builder(V03).strategy("shadow").build();
        assertThatThrownBy(() -> new ShadowPolicyProvider().create(config))
                .isInstanceOf(InvalidRolloutException.class)
                .hasMessageContaining("'shadow' needs a canary version");
    }
}
