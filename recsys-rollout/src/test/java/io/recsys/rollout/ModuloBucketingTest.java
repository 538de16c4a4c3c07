package io.recsys.rollout;

import static io.recsys.rollout.TestConfigs.V03;
import static io.recsys.rollout.TestConfigs.V04;
import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.Bucketing;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.Route;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The seeds' rules, reproduced exactly in {@link Bucketing#MODULO} mode. */
class ModuloBucketingTest {

    /** Ids around zero, around every boundary of 100, and the extremes. */
    private static List<Long> ids() {
        var ids = new ArrayList<Long>();
        for (long id = -20_000; id <= 20_000; id++) {
            ids.add(id);
        }
        for (long base : new long[] {Long.MIN_VALUE, Long.MAX_VALUE - 200, 1L << 40, -(1L << 40), 4_000_000_000L}) {
            for (long k = 0; k <= 200; k++) {
                ids.add(base + k);
            }
        }
        return ids;
    }

    @ParameterizedTest(name = "canary_percentage={0}")
    @ValueSource(doubles = {0, 0.5, 1, 10, 12.5, 25, 50, 99, 99.5, 100})
    void canary_isCanaryExactlyWhenUserIdMod100IsBelowPercentage(double percentage) {
        RolloutPolicy policy = new CanaryPolicy(TestConfigs.canaryModulo(percentage));
        long canaries = 0;
        for (long id : ids()) {
            int mod = Math.floorMod(id, 100);
            boolean expectCanary = mod < percentage;
            Route r = policy.route(id);
            assertThat(r.variant()).as("id %d", id).isEqualTo(expectCanary ? Variants.CANARY : Variants.PRIMARY);
            assertThat(r.servedVersion()).isEqualTo(expectCanary ? V04 : V03);
            assertThat(r.bucket()).isEqualTo(mod / 100.0);
            canaries += expectCanary ? 1 : 0;
        }
        if (percentage == 0) {
            assertThat(canaries).isZero();
        } else if (percentage == 100) {
            assertThat(canaries).isEqualTo(ids().size());
        }
    }

    @Test
    void canary_matchesPythonModuloForNegativeIdsAndFractionalPercentage() {
        RolloutPolicy policy = new CanaryPolicy(TestConfigs.canaryModulo(12.5));
        // Python: -1 % 100 == 99, -88 % 100 == 12, -100 % 100 == 0.
        assertThat(policy.route(-1).variant()).isEqualTo(Variants.PRIMARY);
        assertThat(policy.route(-88).variant()).isEqualTo(Variants.CANARY);
        assertThat(policy.route(-100).variant()).isEqualTo(Variants.CANARY);
        // 12.5%: ...12 is a canary, ...13 is not.
        assertThat(policy.route(12).variant()).isEqualTo(Variants.CANARY);
        assertThat(policy.route(13).variant()).isEqualTo(Variants.PRIMARY);
        assertThat(policy.route(1012).variant()).isEqualTo(Variants.CANARY);
        assertThat(policy.route(1013).variant()).isEqualTo(Variants.PRIMARY);
    }

    @Test
    void abTest_evenIdsGetBAndOddIdsGetA() {
        RolloutPolicy policy = new AbTestPolicy(TestConfigs.abTest().bucketing(Bucketing.MODULO).build());
        for (long id : ids()) {
            boolean even = Math.floorMod(id, 2) == 0;
            Route r = policy.route(id);
            assertThat(r.variant()).as("id %d", id).isEqualTo(even ? Variants.B : Variants.A);
            assertThat(r.servedVersion()).isEqualTo(even ? V04 : V03);
            assertThat(r.bucket()).isEqualTo(Math.floorMod(id, 2) / 2.0);
        }
        assertThat(policy.route(0).variant()).isEqualTo(Variants.B);
        assertThat(policy.route(-1).variant()).isEqualTo(Variants.A);
        assertThat(policy.route(-2).variant()).isEqualTo(Variants.B);
        assertThat(policy.route(Long.MIN_VALUE).variant()).isEqualTo(Variants.B);
        assertThat(policy.route(Long.MAX_VALUE).variant()).isEqualTo(Variants.A);
    }

    @Test
    void abTest_explicitFiftySplitIsAcceptedInModuloMode() {
        RolloutPolicy policy = new AbTestPolicy(TestConfigs.abTest().bucketing(Bucketing.MODULO).param("split", "50").build());
        assertThat(policy.route(4).variant()).isEqualTo(Variants.B);
        assertThat(policy.route(5).variant()).isEqualTo(Variants.A);
    }
}
