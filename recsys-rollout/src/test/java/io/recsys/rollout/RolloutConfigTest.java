package io.recsys.rollout;

import static io.recsys.rollout.TestConfigs.V03;
import static io.recsys.rollout.TestConfigs.V04;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.recsys.core.Bucketing;
import io.recsys.core.InvalidRolloutException;
import io.recsys.core.InvalidVersionException;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicies;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.RolloutUpdate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration from the seeds' environment variables, the builder, and run-time updates. */
class RolloutConfigTest {
    private static final RolloutPolicies POLICIES = RolloutPolicies.discover();
    private static final ModelVersion LATEST = ModelVersion.parse("v0.9");

    @Test
    void fromEnvironment_seedsProductionCanary() {
        var env = Map.of("ENVIRONMENT", "production", "MODEL_VERSION", "v0.3", "ROLLOUT_STRATEGY", "canary",
                "CANARY_VERSION", "v0.4", "CANARY_PERCENTAGE", "10");
        RolloutConfig config = RolloutConfig.fromEnvironment(env, () -> LATEST);
        assertThat(config.status().strategy()).isEqualTo("canary");
        assertThat(config.primaryVersion()).isEqualTo(V03);
        assertThat(config.canaryVersion()).isEqualTo(V04);
        assertThat(config.canaryPercentage()).isEqualTo(10.0);
        assertThat(config.environment()).isEqualTo("production");
        assertThat(config.bucketing()).isEqualTo(Bucketing.HASH);

        RolloutPolicy policy = POLICIES.create(config);
        assertThat(policy).isInstanceOf(CanaryPolicy.class);
        long canaries = 0;
        for (long id = 0; id < 100_000; id++) {
            canaries += policy.route(id).servedVersion().equals(V04) ? 1 : 0;
        }
        assertThat(canaries / 100_000.0).isCloseTo(0.10, within(0.005));
    }

    @Test
    void fromEnvironment_seedsStagingFixed() {
        var env = Map.of("ENVIRONMENT", "staging", "MODEL_VERSION", "v0.4", "ROLLOUT_STRATEGY", "fixed");
        RolloutPolicy policy = POLICIES.create(RolloutConfig.fromEnvironment(env, () -> LATEST));
        assertThat(policy).isInstanceOf(FixedPolicy.class);
        assertThat(policy.describe().environment()).isEqualTo("staging");
        assertThat(policy.route(7).servedVersion()).isEqualTo(V04);
    }

    @Test
    void fromEnvironment_emptyGivesFixedLatestInProduction() {
        RolloutConfig config = RolloutConfig.fromEnvironment(Map.of(), () -> LATEST);
        assertThat(config.strategy()).isEqualTo("fixed");
        assertThat(config.primaryVersion()).isEqualTo(LATEST);
        assertThat(config.canaryVersion()).isNull();
        assertThat(config.canaryPercentage()).isZero();
        assertThat(config.environment()).isEqualTo("production");
        assertThat(config.salt()).isEqualTo(RolloutConfig.DEFAULT_SALT);
    }

    @Test
    void fromEnvironment_moduloBucketingAndSaltAndParams() {
        var env = Map.of("MODEL_VERSION", "v0.3", "ROLLOUT_STRATEGY", "ab_test", "CANARY_VERSION", "v0.4",
                "ROLLOUT_BUCKETING", "modulo", "ROLLOUT_SALT", "exp-7", "ROLLOUT_PARAM_SPLIT", " 50 ");
        RolloutConfig config = RolloutConfig.fromEnvironment(env, () -> LATEST);
        assertThat(config.bucketing()).isEqualTo(Bucketing.MODULO);
        assertThat(config.salt()).isEqualTo("exp-7");
        assertThat(config.params()).containsExactly(Map.entry("split", "50"));
        RolloutPolicy policy = POLICIES.create(config);
        assertThat(policy.route(10).variant()).isEqualTo(Variants.B);
        assertThat(policy.route(11).variant()).isEqualTo(Variants.A);
    }

    @Test
    void fromEnvironment_malformedValuesAreRejectedByName() {
        assertThatThrownBy(() -> RolloutConfig.fromEnvironment(Map.of("CANARY_PERCENTAGE", "ten"), () -> LATEST))
                .isInstanceOf(InvalidRolloutException.class).hasMessageContaining("canary_percentage")
                .hasMessageContaining("'ten'");
        assertThatThrownBy(() -> RolloutConfig.fromEnvironment(Map.of("ROLLOUT_BUCKETING", "random"), () -> LATEST))
                .isInstanceOf(InvalidRolloutException.class).hasMessageContaining("hash, modulo");
        assertThatThrownBy(() -> RolloutConfig.fromEnvironment(Map.of("MODEL_VERSION", "latest"), () -> LATEST))
                .isInstanceOf(InvalidVersionException.class);
    }

    @Test
    void apply_keepsWhatTheUpdateLeavesOut() {
        RolloutConfig canary = TestConfigs.canary(5).environment("production").salt("s1").param("k", "v").build();
        RolloutConfig at25 = canary.apply(new RolloutUpdate(null, null, "25", null));
        assertThat(at25).isEqualTo(canary.toBuilder().canaryPercentage(25).build());
        assertThat(at25.strategy()).isEqualTo("canary");
        assertThat(at25.canaryVersion()).isEqualTo(V04);
        assertThat(at25.salt()).isEqualTo("s1");
        assertThat(at25.params()).containsEntry("k", "v");
    }

    @Test
    void seedsCanaryWalkThrough_fivePercentToFullRollout() {
        RolloutConfig start = RolloutConfig.builder(V03).build();
        RolloutPolicy p5 = POLICIES.create(start.apply(RolloutUpdate.of("canary", "v0.4", "5")));
        RolloutPolicy p25 = POLICIES.create(p5.config().apply(RolloutUpdate.of(null, null, "25")));
        RolloutPolicy p50 = POLICIES.create(p25.config().apply(RolloutUpdate.of(null, null, "50")));
        assertThat(p50.describe().canaryPercentage()).isEqualTo(50.0);
        assertThat(p50.describe().canaryVersion()).isEqualTo("v0.4");
        for (long id = 0; id < 50_000; id++) {
            // A user moved to the canary stays there as the rollout widens.
            if (p5.route(id).servedVersion().equals(V04)) {
                assertThat(p25.route(id).servedVersion()).isEqualTo(V04);
                assertThat(p50.route(id).servedVersion()).isEqualTo(V04);
            }
        }
        // /switch?model=v0.4 then /rollout/update?strategy=fixed
        RolloutPolicy switched = POLICIES.create(p50.config().switchTo(V04));
        RolloutPolicy fixed = POLICIES.create(switched.config().apply(RolloutUpdate.of("fixed", null, null)));
        for (RolloutPolicy p : new RolloutPolicy[] {switched, fixed}) {
            assertThat(p).isInstanceOf(FixedPolicy.class);
            assertThat(p.describe().primaryVersion()).isEqualTo("v0.4");
            assertThat(p.describe().canaryVersion()).isNull();
            assertThat(p.describe().canaryPercentage()).isZero();
            assertThat(p.route(1).servedVersion()).isEqualTo(V04);
        }
    }

    @Test
    void switchTo_duringCanaryIsEmergencyRollbackForEveryone() {
        RolloutConfig canary = TestConfigs.canary(25).salt("s").bucketing(Bucketing.MODULO).build();
        ModelVersion v02 = ModelVersion.parse("v0.2");
        RolloutConfig rolledBack = canary.switchTo(v02);
        assertThat(rolledBack.strategy()).isEqualTo("fixed");
        assertThat(rolledBack.primaryVersion()).isEqualTo(v02);
        assertThat(rolledBack.canaryVersion()).isNull();
        assertThat(rolledBack.salt()).isEqualTo("s");
        assertThat(rolledBack.bucketing()).isEqualTo(Bucketing.MODULO);
        RolloutPolicy policy = POLICIES.create(rolledBack);
        for (long id = 0; id < 1_000; id++) {
            assertThat(policy.route(id).servedVersion()).isEqualTo(v02);
        }
    }

    @Test
    void switchingPrimaryToTheCanaryWithoutEndingTheCanary_isRejectedByCore() {
        RolloutConfig canary = TestConfigs.canary(50).build();
        assertThatThrownBy(() -> canary.apply(new RolloutUpdate(null, null, null, "v0.4")))
                .isInstanceOf(InvalidRolloutException.class)
                .hasMessageContaining("is the primary version");
    }
}
