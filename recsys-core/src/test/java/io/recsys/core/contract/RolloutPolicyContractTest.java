package io.recsys.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.Route;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RolloutPolicy} keeps: deterministic, sticky routes into the versions
 * it declares, buckets in [0,1), and a status that mirrors its configuration.
 */
public abstract class RolloutPolicyContractTest {

    /** Primary version used by the default configuration. */
    protected static final ModelVersion PRIMARY = ModelVersion.parse("v0.1");
    /** Canary version used by the default configuration. */
    protected static final ModelVersion CANARY = ModelVersion.parse("v0.2");

    /** @return the configuration to test with (strategy, versions, percentage) */
    protected abstract RolloutConfig config();

    /**
     * @param config a configuration
     * @return the policy under test made from it
     */
    protected abstract RolloutPolicy create(RolloutConfig config);

    private static final long[] IDS = {0, 1, 2, 7, 42, 99, 100, 12345, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40};

    @Test
    void route_isDeterministicAcrossCallsAndInstances() {
        RolloutPolicy a = create(config());
        RolloutPolicy b = create(config());
        for (long id : IDS) {
            assertThat(a.route(id)).isEqualTo(a.route(id)).isEqualTo(b.route(id));
        }
        for (long id = 0; id < 10_000; id++) {
            assertThat(a.route(id)).isEqualTo(b.route(id));
        }
    }

    @Test
    void route_servesOnlyDeclaredVersionsWithBucketsInUnitInterval() {
        RolloutPolicy p = create(config());
        for (long id : IDS) {
            check(p, p.route(id));
        }
        for (long id = 0; id < 10_000; id++) {
            check(p, p.route(id));
        }
    }

    private static void check(RolloutPolicy p, Route r) {
        assertThat(r.bucket()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        assertThat(p.versions()).contains(r.servedVersion());
        assertThat(r.variant()).isNotBlank();
        if (r.shadowVersion() != null) {
            assertThat(p.versions()).contains(r.shadowVersion());
            assertThat(r.shadowVersion()).isNotEqualTo(r.servedVersion());
        }
    }

    @Test
    void describe_mirrorsConfiguration() {
        RolloutConfig c = config();
        RolloutPolicy p = create(c);
        assertThat(p.config()).isEqualTo(c);
        assertThat(p.describe().primaryVersion()).isEqualTo(c.primaryVersion().toString());
        assertThat(p.describe().environment()).isEqualTo(c.environment());
        assertThat(p.versions()).contains(c.primaryVersion());
    }
}
