package io.recsys.rollout;

import static io.recsys.rollout.TestConfigs.MILLION;
import static io.recsys.rollout.TestConfigs.V03;
import static io.recsys.rollout.TestConfigs.V04;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.recsys.core.Bucketing;
import io.recsys.core.InvalidRequestException;
import io.recsys.core.InvalidRolloutException;
import io.recsys.core.RolloutConfig;
import io.recsys.core.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AbTestPolicyTest {

    @Test
    void route_splitsFiftyFiftyByDefault() {
        var policy = new AbTestPolicy(TestConfigs.abTest().build());
        assertThat(policy.split()).isEqualTo(50.0);
        assertThat(shareOfB(policy)).isCloseTo(50.0, within(0.2));
    }

    @Test
    void route_splitsThirtySeventy() {
        var policy = new AbTestPolicy(TestConfigs.abTest().param("split", "30").build());
        assertThat(shareOfB(policy)).isCloseTo(30.0, within(0.2));
    }

    @Test
    void route_servesPrimaryAsAAndCanaryVersionAsB() {
        var policy = new AbTestPolicy(TestConfigs.abTest().build());
        for (long id = 0; id < 10_000; id++) {
            Route r = policy.route(id);
            assertThat(r.servedVersion()).isEqualTo(r.variant().equals(Variants.B) ? V04 : V03);
            assertThat(r.variant()).isEqualTo(r.bucket() < 0.5 ? Variants.B : Variants.A);
            assertThat(r.shadowVersion()).isNull();
        }
    }

    @Test
    void route_ignoresCanaryPercentage_soTheSeedsAbUpdateAfterFixedSplitsFiftyFifty() {
        // The seeds run "/rollout/update?strategy=ab_test&canary_version=v0.4" on a fixed rollout,
        // whose canary_percentage is 0; an A/B test must not then send nobody to B.
        RolloutConfig fixed = RolloutConfig.builder(V03).build();
        RolloutConfig ab = fixed.apply(io.recsys.core.RolloutUpdate.of("ab_test", "v0.4", null));
        assertThat(ab.canaryPercentage()).isZero();
        var policy = new AbTestPolicy(ab);
        assertThat(shareOfB(policy)).isCloseTo(50.0, within(0.2));
        assertThat(policy.describe().canaryPercentage()).isEqualTo(50.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "101", "NaN", "Infinity"})
    void create_withMalformedSplit_isRejected(String split) {
        var config = TestConfigs.abTest().param("split", split).build();
        assertThatThrownBy(() -> new AbTestPolicy(config))
                .isInstanceOf(InvalidRolloutException.class)
                .hasMessageContaining("split")
                .hasMessageContaining(split);
    }

    @Test
    void create_withoutCanaryVersion_isRejected() {
        var config = RolloutConfig.builder(V03).strategy("ab_test").build();
        assertThatThrownBy(() -> new AbTestPolicyProvider().create(config))
                .isInstanceOf(InvalidRolloutException.class)
                .hasMessageContaining("'ab_test' needs a canary version (version B)");
    }

    @Test
    void create_moduloWithUnevenSplit_isRejected() {
        var config = TestConfigs.abTest().bucketing(Bucketing.MODULO).param("split", "30").build();
        assertThatThrownBy(() -> new AbTestPolicy(config))
                .isInstanceOf(InvalidRolloutException.class)
                .hasMessageContaining("parity")
                .hasMessageContaining("hash bucketing");
    }

    @ParameterizedTest
    @CsvSource({"A,A", "a,A", "control,A", " Control ,A", "primary,A", "B,B", "b,B", "treatment,B", "TREATMENT,B",
        "canary,B"})
    void variantForName_acceptsSeedNames(String name, String variant) {
        assertThat(AbTestPolicy.variantForName(name)).isEqualTo(variant);
    }

    @Test
    void variantForName_rejectsOtherNames() {
        assertThatThrownBy(() -> AbTestPolicy.variantForName("C"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Unknown A/B variant 'C'")
                .hasMessageContaining("control")
                .hasMessageContaining("treatment");
        assertThatThrownBy(() -> AbTestPolicy.variantForName(null)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void versionOf_mapsVariantNamesToVersions() {
        var policy = new AbTestPolicy(TestConfigs.abTest().build());
        assertThat(policy.versionOf("control")).isEqualTo(V03);
        assertThat(policy.versionOf("treatment")).isEqualTo(V04);
    }

    @Test
    void describe_reportsSplitAsCanaryPercentage() {
        var policy = new AbTestPolicy(TestConfigs.abTest().canaryPercentage(10).param("split", "30").build());
        assertThat(policy.describe().canaryPercentage()).isEqualTo(30.0);
        assertThat(policy.describe().strategy()).isEqualTo("ab_test");
        assertThat(policy.describe().primaryVersion()).isEqualTo("v0.3");
        assertThat(policy.describe().canaryVersion()).isEqualTo("v0.4");
    }

    private static double shareOfB(AbTestPolicy policy) {
        long b = 0;
        for (long id = 0; id < MILLION; id++) {
            if (policy.route(id).variant().equals(Variants.B)) {
                b++;
            }
        }
        return 100.0 * b / MILLION;
    }
}
