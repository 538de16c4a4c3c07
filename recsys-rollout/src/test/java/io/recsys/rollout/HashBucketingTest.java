package io.recsys.rollout;

import static io.recsys.rollout.TestConfigs.MILLION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recsys.core.RolloutPolicy;
import org.junit.jupiter.api.Test;

/** Properties of the default, salted-hash bucketing. */
class HashBucketingTest {

    @Test
    void route_isStickyAcrossCallsAndPolicyInstancesWithSameSalt() {
        RolloutPolicy first = new CanaryPolicy(TestConfigs.canary(10, "homepage-2025"));
        RolloutPolicy second = new CanaryPolicyProvider().create(TestConfigs.canary(10, "homepage-2025"));
        for (long id = 0; id < 100_000; id++) {
            var r = first.route(id);
            assertThat(first.route(id)).isEqualTo(r);
            assertThat(second.route(id)).isEqualTo(r);
        }
    }

    @Test
    void route_newSaltReRandomisesUsers() {
        RolloutPolicy a = new CanaryPolicy(TestConfigs.canary(50, "salt-1"));
        RolloutPolicy b = new CanaryPolicy(TestConfigs.canary(50, "salt-2"));
        long variantChanged = 0;
        long bucketChanged = 0;
        int n = 200_000;
        for (long id = 0; id < n; id++) {
            var ra = a.route(id);
            var rb = b.route(id);
            if (!ra.variant().equals(rb.variant())) {
                variantChanged++;
            }
            if (ra.bucket() != rb.bucket()) {
                bucketChanged++;
            }
        }
        // Independent 50% assignments disagree for half of the users.
        assertThat((double) variantChanged / n).isCloseTo(0.5, within(0.01));
        assertThat((double) bucketChanged / n).isGreaterThan(0.999);
    }

    @Test
    void route_assignmentsUnderTwoSaltsAreIndependent_chiSquareDoesNotRejectAtOnePerMille() {
        long[][] table = crossTabulate(new CanaryPolicy(TestConfigs.canary(50, "exp-ranking")),
                new CanaryPolicy(TestConfigs.canary(50, "exp-layout")));
        double chi2 = Stats.chiSquare2x2(table);
        assertThat(chi2).isLessThan(Stats.CHI2_DF1_CRITICAL_0_001);
        // Each cell is a quarter of the users.
        for (long[] row : table) {
            for (long cell : row) {
                assertThat((double) cell / MILLION).isCloseTo(0.25, within(0.002));
            }
        }
    }

    @Test
    void route_moduloAssignmentsOfTwoExperimentsAreTheSameUsers_theReasonHashIsDefault() {
        long[][] table = crossTabulate(new CanaryPolicy(TestConfigs.canaryModulo(50)),
                new CanaryPolicy(TestConfigs.canaryModulo(50)));
        assertThat(table[0][1] + table[1][0]).isZero();
        assertThat(Stats.chiSquare2x2(table)).isGreaterThan(Stats.CHI2_DF1_CRITICAL_0_001);
    }

    @Test
    void route_canaryShareDoesNotDependOnLowDigitsOfTheId() {
        var policy = new CanaryPolicy(TestConfigs.canary(10, "recsys"));
        long[] canaries = new long[100];
        for (long id = 0; id < MILLION; id++) {
            if (policy.route(id).variant().equals(Variants.CANARY)) {
                canaries[(int) (id % 100)]++;
            }
        }
        // 10,000 ids per last-two-digits group: each group is ~10% canary (sd 0.3%), whereas the
        // modulo rule makes groups 00-09 all canary and the rest none.
        for (long c : canaries) {
            assertThat(c / 10_000.0).isCloseTo(0.10, within(0.02));
        }
    }

    @Test
    void route_sequentialIdBlocksGetTheConfiguredShare() {
        var policy = new CanaryPolicy(TestConfigs.canary(10, "recsys"));
        for (long start : new long[] {0, 1_000_000_000L, Long.MAX_VALUE - 100_000, -5_000_000}) {
            long canaries = 0;
            for (long id = start; id < start + 100_000; id++) {
                if (policy.route(id).variant().equals(Variants.CANARY)) {
                    canaries++;
                }
            }
            assertThat(canaries / 100_000.0).isCloseTo(0.10, within(0.006));
        }
    }

    private static long[][] crossTabulate(RolloutPolicy first, RolloutPolicy second) {
        long[][] table = new long[2][2];
        for (long id = 0; id < MILLION; id++) {
            int r = first.route(id).variant().equals(Variants.CANARY) ? 1 : 0;
            int c = second.route(id).variant().equals(Variants.CANARY) ? 1 : 0;
            table[r][c]++;
        }
        return table;
    }
}
