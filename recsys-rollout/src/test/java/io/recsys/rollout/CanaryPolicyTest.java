package io.recsys.rollout;

import static io.recsys.rollout.TestConfigs.MILLION;
import static io.recsys.rollout.TestConfigs.V03;
import static io.recsys.rollout.TestConfigs.V04;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.recsys.core.InvalidRolloutException;
import io.recsys.core.RolloutConfig;
import io.recsys.core.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanaryPolicyTest {

    @ParameterizedTest(name = "{0}%")
    @ValueSource(doubles = {10.0, 12.5, 0.5, 50.0, 90.0})
    void route_sendsConfiguredShareToCanaryWithinTwoTenthsOfAPercent(double percentage) {
        var policy = new CanaryPolicy(TestConfigs.canary(percentage).build());
        long canaries = 0;
        for (long id = 0; id < MILLION; id++) {
            Route r = policy.route(id);
            if (r.variant().equals(Variants.CANARY)) {
                canaries++;
                assertThat(r.servedVersion()).isEqualTo(V04);
            }
        }
        assertThat(100.0 * canaries / MILLION).isCloseTo(percentage, within(0.2));
    }

    @Test
    void route_isCanaryExactlyWhenBucketIsBelowThreshold() {
        var policy = new CanaryPolicy(TestConfigs.canary(10.0).build());
        for (long id = 0; id < 100_000; id++) {
            Route r = policy.route(id);
            assertThat(r.variant()).isEqualTo(r.bucket() < 0.10 ? Variants.CANARY : Variants.PRIMARY);
            assertThat(r.servedVersion()).isEqualTo(r.bucket() < 0.10 ? V04 : V03);
            assertThat(r.shadowVersion()).isNull();
        }
    }

    @Test
    void route_atBoundaryPercentagesSendsNobodyOrEverybody() {
        var none = new CanaryPolicy(TestConfigs.canary(0.0).build());
        var all = new CanaryPolicy(TestConfigs.canary(100.0).build());
        for (long id = -50_000; id < 50_000; id++) {
            assertThat(none.route(id).variant()).isEqualTo(Variants.PRIMARY);
            assertThat(all.route(id).variant()).isEqualTo(Variants.CANARY);
        }
    }

    @Test
    void route_raisingPercentageOnlyAddsCanaries() {
        var at5 = new CanaryPolicy(TestConfigs.canary(5.0).build());
        var at25 = new CanaryPolicy(TestConfigs.canary(25.0).build());
        var at50 = new CanaryPolicy(TestConfigs.canary(50.0).build());
        for (long id = 0; id < 200_000; id++) {
            if (at5.route(id).variant().equals(Variants.CANARY)) {
                assertThat(at25.route(id).variant()).isEqualTo(Variants.CANARY);
            }
            if (at25.route(id).variant().equals(Variants.CANARY)) {
                assertThat(at50.route(id).variant()).isEqualTo(Variants.CANARY);
            }
        }
    }

    @Test
    void create_withoutCanaryVersion_isRejectedWithClearMessage() {
        RolloutConfig config = RolloutConfig.builder(V03).strategy("canary").canaryPercentage(10).build();
        assertThatThrownBy(() -> new CanaryPolicyProvider().create(config))
                .isInstanceOf(InvalidRolloutException.class)
                .hasMessageContaining("'canary' needs a canary version")
                .hasMessageContaining("CANARY_VERSION");
    }

    @Test
    void versionsAndDescribe_mirrorConfiguration() {
        var policy = new CanaryPolicy(TestConfigs.canary(12.5).build());
        assertThat(policy.versions()).containsExactly(V03, V04);
        assertThat(policy.describe().strategy()).isEqualTo("canary");
        assertThat(policy.describe().canaryVersion()).isEqualTo("v0.4");
        assertThat(policy.describe().canaryPercentage()).isEqualTo(12.5);
        assertThat(policy).hasToString("CanaryPolicy[primary=v0.3, canary=v0.4 at 12.5%, hash salt 'recsys']");
    }
}
