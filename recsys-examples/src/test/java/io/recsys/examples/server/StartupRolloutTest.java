package io.recsys.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.InvalidRolloutException;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed rollout settings over the seeds' environment variables. */
class StartupRolloutTest {
    private static final ServerOptions.InitialRollout NONE = ServerOptions.InitialRollout.FROM_ENVIRONMENT;

    @Test
    void environmentAloneConfiguresAsTheSeedsDo() {
        RolloutConfig c = StartupRollout.configure(NONE, Map.of("MODEL_VERSION", "v0.1", "ROLLOUT_STRATEGY", "canary",
                "CANARY_VERSION", "v0.2", "CANARY_PERCENTAGE", "12.5", "ENVIRONMENT", "staging"), () -> {
                    throw new AssertionError("latest.txt is not needed when MODEL_VERSION is set");
                });
        assertThat(c).isEqualTo(RolloutConfig.builder(ModelVersion.parse("v0.1")).strategy("canary")
                .canaryVersion(ModelVersion.parse("v0.2")).canaryPercentage(12.5).environment("staging").build());
    }

    @Test
    void eachGivenSettingWinsOverItsVariable() {
        var flags = new ServerOptions.InitialRollout("v0.3", null, "v0.4", 20.0, null);
        RolloutConfig c = StartupRollout.configure(flags, Map.of("MODEL_VERSION", "v0.1", "ROLLOUT_STRATEGY", "canary",
                "CANARY_VERSION", "v0.2", "CANARY_PERCENTAGE", "5", "ENVIRONMENT", "staging"), () -> ModelVersion.parse("v9.9"));
        assertThat(c.primaryVersion()).isEqualTo(ModelVersion.parse("v0.3"));
        assertThat(c.strategy()).isEqualTo("canary");
        assertThat(c.canaryVersion()).isEqualTo(ModelVersion.parse("v0.4"));
        assertThat(c.canaryPercentage()).isEqualTo(20.0);
        assertThat(c.environment()).isEqualTo("staging");
    }

    @Test
    void aGivenModelVersionNeedsNoLatestTxt() {
        var flags = new ServerOptions.InitialRollout("v0.2", null, null, null, "dev");
        RolloutConfig c = StartupRollout.configure(flags, Map.of(), () -> {
            throw new InvalidRolloutException("no latest.txt");
        });
        assertThat(c.primaryVersion()).isEqualTo(ModelVersion.parse("v0.2"));
        assertThat(c.strategy()).isEqualTo("fixed");
        assertThat(c.environment()).isEqualTo("dev");
        assertThat(flags.choosesVersions()).isTrue();
        assertThat(NONE.choosesVersions()).isFalse();
    }

    @Test
    void aBadPercentageIsRefusedByTheRolloutRules() {
        var flags = new ServerOptions.InitialRollout("v0.1", "canary", "v0.2", 150.0, null);
        assertThatThrownBy(() -> StartupRollout.configure(flags, Map.of(), () -> ModelVersion.parse("v0.1")))
                .isInstanceOf(InvalidRolloutException.class);
    }
}
