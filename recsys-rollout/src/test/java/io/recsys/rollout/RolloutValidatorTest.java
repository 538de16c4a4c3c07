package io.recsys.rollout;

import static io.recsys.rollout.TestConfigs.V03;
import static io.recsys.rollout.TestConfigs.V04;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.InvalidRolloutException;
import io.recsys.core.InvalidVersionException;
import io.recsys.core.ModelRegistry;
import io.recsys.core.ModelVersion;
import io.recsys.core.PublishRequest;
import io.recsys.core.RecsysException;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicies;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.RolloutUpdate;
import io.recsys.core.Route;
import io.recsys.core.UnknownVersionException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Run-time updates as a manager applies them: validate, then swap one reference. Every invalid
 * update is rejected with a message naming the problem, and the policy in force keeps routing
 * exactly as before.
 */
class RolloutValidatorTest {
    private static final ModelVersion V02 = ModelVersion.parse("v0.2");
    private static final Set<ModelVersion> REGISTRY = Set.of(V02, V03, V04);
    private static final int USERS = 20_000;

    private final RolloutValidator validator = new RolloutValidator(RolloutPolicies.discover(), REGISTRY::contains);
    private AtomicReference<RolloutPolicy> current;
    private Route[] before;

    @BeforeEach
    void startCanaryAtTenPercent() {
        current = new AtomicReference<>(validator.create(TestConfigs.canary(10, "exp-1")));
        before = routes(current.get());
    }

    static Stream<Arguments> invalidUpdates() {
        return Stream.of(
                Arguments.of(RolloutUpdate.of("bluegreen", null, null), InvalidRolloutException.class,
                        "Unknown rollout strategy 'bluegreen'; known: ab_test, allowlist, canary, fixed, shadow"),
                Arguments.of(RolloutUpdate.of(null, null, "-1"), InvalidRolloutException.class,
                        "canary_percentage must be a number from 0 to 100, got '-1'"),
                Arguments.of(RolloutUpdate.of(null, null, "101"), InvalidRolloutException.class,
                        "canary_percentage must be a number from 0 to 100, got '101'"),
                Arguments.of(RolloutUpdate.of(null, null, "NaN"), InvalidRolloutException.class,
                        "canary_percentage must be a number from 0 to 100, got 'NaN'"),
                Arguments.of(RolloutUpdate.of(null, null, "abc"), InvalidRolloutException.class,
                        "canary_percentage must be a number from 0 to 100, got 'abc'"),
                Arguments.of(RolloutUpdate.of(null, "v0.3", null), InvalidRolloutException.class,
                        "canary_version v0.3 is the primary version"),
                Arguments.of(RolloutUpdate.of("canary", "", "20"), InvalidRolloutException.class,
                        "Strategy 'canary' needs a canary version"),
                Arguments.of(RolloutUpdate.of("shadow", "", null), InvalidRolloutException.class,
                        "Strategy 'shadow' needs a canary version"),
                Arguments.of(RolloutUpdate.of("ab_test", "", null), InvalidRolloutException.class,
                        "Strategy 'ab_test' needs a canary version"),
                Arguments.of(RolloutUpdate.of(null, "v0.9", null), InvalidRolloutException.class,
                        "canary_version v0.9 is not in the model registry"),
                Arguments.of(new RolloutUpdate(null, null, null, "v0.8"), InvalidRolloutException.class,
                        "primary_version v0.8 is not in the model registry"),
                Arguments.of(RolloutUpdate.of(null, "latest", null), InvalidVersionException.class,
                        "Invalid model version 'latest'"),
                Arguments.of(RolloutUpdate.of(null, "../v0.4", null), InvalidVersionException.class,
                        "Invalid model version '../v0.4'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUpdates")
    void update_invalid_isRejectedAndOldPolicyStillRoutesAsBefore(RolloutUpdate update,
            Class<? extends RecsysException> type, String message) {
        RolloutPolicy old = current.get();
        assertThatThrownBy(() -> current.set(validator.update(current.get().config(), update)))
                .isInstanceOf(type)
                .hasMessageContaining(message);
        assertThat(current.get()).isSameAs(old);
        assertThat(routes(current.get())).containsExactly(before);
        assertThat(current.get().describe().canaryPercentage()).isEqualTo(10.0);
    }

    @Test
    void update_canaryStrategyOnFixedRolloutWithoutCanaryVersion_isRejected() {
        current.set(validator.create(RolloutConfig.builder(V03).build()));
        RolloutPolicy fixed = current.get();
        assertThatThrownBy(() -> current.set(validator.update(fixed.config(), RolloutUpdate.of("canary", null, "10"))))
                .isInstanceOf(InvalidRolloutException.class)
                .hasMessageContaining("'canary' needs a canary version");
        assertThat(current.get()).isSameAs(fixed);
        assertThat(fixed.route(3).servedVersion()).isEqualTo(V03);
    }

    @Test
    void update_valid_returnsNewPolicyAndLeavesOldOneUntouched() {
        RolloutPolicy old = current.get();
        current.set(validator.update(old.config(), RolloutUpdate.of(null, null, "25")));
        assertThat(current.get()).isNotSameAs(old);
        assertThat(current.get().describe().canaryPercentage()).isEqualTo(25.0);
        assertThat(current.get().config().salt()).isEqualTo("exp-1");
        // A request that read the old policy before the swap finishes on it, unchanged.
        assertThat(routes(old)).containsExactly(before);
        assertThat(old.describe().canaryPercentage()).isEqualTo(10.0);
    }

    @Test
    void requireRegistered_namesTheMissingVersion() {
        RolloutConfig config = TestConfigs.canary(10).build();
        assertThat(RolloutValidator.requireRegistered(config, REGISTRY::contains)).isSameAs(config);
        assertThatThrownBy(() -> RolloutValidator.requireRegistered(config, V03::equals))
                .isInstanceOf(InvalidRolloutException.class)
                .hasMessageContaining("canary_version v0.4 is not in the model registry");
        assertThatThrownBy(() -> RolloutValidator.requireRegistered(config, v -> false))
                .hasMessageContaining("primary_version v0.3 is not in the model registry");
    }

    @Test
    void requireRegistered_policyChecksOnlyWhatItServes() {
        // A fixed rollout does not serve its (ignored) canary, so the canary need not exist.
        RolloutPolicy fixed = new FixedPolicy(RolloutConfig.builder(V03).canaryVersion(ModelVersion.parse("v0.9")).build());
        assertThat(RolloutValidator.requireRegistered(fixed, REGISTRY::contains)).isSameAs(fixed);
        RolloutPolicy shadow = new ShadowPolicy(RolloutConfig.builder(V03).strategy("shadow")
                .canaryVersion(ModelVersion.parse("v0.9")).build());
        assertThatThrownBy(() -> RolloutValidator.requireRegistered(shadow, REGISTRY::contains))
                .hasMessageContaining("canary_version v0.9 is not in the model registry");
    }

    @Test
    void forRegistry_listsAvailableVersions() {
        var v = RolloutValidator.forRegistry(RolloutPolicies.discover(), new ListRegistry(List.of(V02, V03, V04)));
        assertThatThrownBy(() -> v.update(TestConfigs.canary(10).build(), RolloutUpdate.of(null, "v0.7", null)))
                .isInstanceOf(InvalidRolloutException.class)
                .hasMessageContaining("canary_version v0.7 is not in the model registry")
                .hasMessageContaining("available: v0.2, v0.3, v0.4")
                .hasCauseInstanceOf(UnknownVersionException.class);
        assertThat(v.update(TestConfigs.canary(10).build(), RolloutUpdate.of(null, "v0.2", null)).versions())
                .containsExactly(V03, V02);
    }

    private static Route[] routes(RolloutPolicy policy) {
        var routes = new Route[USERS];
        for (int id = 0; id < USERS; id++) {
            routes[id] = policy.route(id);
        }
        return routes;
    }

    /** A registry that only lists versions. */
    private record ListRegistry(List<ModelVersion> versions) implements ModelRegistry {
        @Override
        public Optional<ModelVersion> latest() {
            return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
        }

        @Override
        public RegisteredVersion get(ModelVersion version) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public RegisteredVersion publish(Path sourceDir, PublishRequest request) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public void setLatest(ModelVersion version) {
            throw new UnsupportedOperationException("not needed here");
        }
    }
}
