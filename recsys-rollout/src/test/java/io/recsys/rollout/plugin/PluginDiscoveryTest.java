package io.recsys.rollout.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.InvalidRolloutException;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicies;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.spi.RolloutPolicyProvider;
import io.recsys.rollout.AbTestPolicy;
import io.recsys.rollout.CanaryPolicy;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strategies are found by ServiceLoader through the library's class loader, chosen explicitly by
 * name, and one broken provider does not hide the others.
 */
class PluginDiscoveryTest {
    private static final String SERVICES = "META-INF/services/" + RolloutPolicyProvider.class.getName();
    private static final ModelVersion V03 = ModelVersion.parse("v0.3");
    private static final ModelVersion V04 = ModelVersion.parse("v0.4");

    @Test
    void discover_findsBuiltInsAndThePluginOnTheClassPath() {
        assertThat(RolloutPolicies.discover().names()).containsExactly("ab_test", "allowlist", "canary", "fixed", "shadow");
    }

    @Test
    void create_selectsThePluginExplicitlyByName() {
        RolloutConfig config = RolloutConfig.builder(V03).strategy("allowlist").canaryVersion(V04)
                .param("users", "7, 1001,-3").build();
        RolloutPolicy policy = RolloutPolicies.discover().create(config);
        assertThat(policy).isInstanceOf(AllowlistPolicy.class);
        for (long id = -10; id < 2000; id++) {
            boolean listed = id == 7 || id == 1001 || id == -3;
            assertThat(policy.route(id).servedVersion()).as("id %d", id).isEqualTo(listed ? V04 : V03);
            assertThat(policy.route(id).variant()).isEqualTo(listed ? "canary" : "primary");
        }
        assertThat(policy.describe().strategy()).isEqualTo("allowlist");
    }

    @Test
    void create_acceptsNamesInAnyCaseAndAliases() {
        var policies = RolloutPolicies.discover();
        assertThat(policies.create(RolloutConfig.builder(V03).strategy("Canary").canaryVersion(V04).build()))
                .isInstanceOf(CanaryPolicy.class);
        assertThat(policies.create(RolloutConfig.builder(V03).strategy("AB-Test").canaryVersion(V04).build()))
                .isInstanceOf(AbTestPolicy.class);
    }

    @Test
    void create_unknownStrategy_listsKnownOnes() {
        assertThatThrownBy(() -> RolloutPolicies.discover().create(RolloutConfig.builder(V03).strategy("bandit").build()))
                .isInstanceOf(InvalidRolloutException.class)
                .hasMessage("Unknown rollout strategy 'bandit'; known: ab_test, allowlist, canary, fixed, shadow");
    }

    @Test
    void create_pluginRejectsMalformedParameter() {
        RolloutConfig config = RolloutConfig.builder(V03).strategy("allowlist").canaryVersion(V04)
                .param("users", "1,two,3").build();
        assertThatThrownBy(() -> RolloutPolicies.discover().create(config))
                .isInstanceOf(InvalidRolloutException.class)
                .hasMessageContaining("got 'two'");
    }

    @Test
    void discover_skipsBrokenProvidersAndKeepsTheWorkingOnes(@TempDir Path dir) throws IOException {
        Path services = dir.resolve(SERVICES);
        Files.createDirectories(services.getParent());
        Files.write(services, List.of(
                "# a plugin jar whose first entries are broken",
                "io.recsys.rollout.plugin.DoesNotExist",
                BrokenPolicyProvider.class.getName(),
                AllowlistPolicyProvider.class.getName(),
                "io.recsys.rollout.CanaryPolicyProvider"));
        try (var loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, withoutServiceFiles())) {
            var policies = RolloutPolicies.discover(loader);
            assertThat(policies.names()).containsExactly("allowlist", "canary");
            assertThat(policies.create(RolloutConfig.builder(V03).strategy("allowlist").canaryVersion(V04)
                    .param("users", "5").build()).route(5).servedVersion()).isEqualTo(V04);
        }
    }

    @Test
    void discover_withNoProviders_saysWhatToAdd() {
        var policies = RolloutPolicies.discover(withoutServiceFiles());
        assertThat(policies.names()).isEmpty();
        assertThatThrownBy(() -> policies.create(RolloutConfig.builder(V03).build()))
                .isInstanceOf(InvalidRolloutException.class)
                .hasMessageContaining("add recsys-rollout to the class path");
    }

    @Test
    void discover_usesTheLibraryClassLoaderNotTheThreadContextOne() {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(withoutServiceFiles());
        try {
            assertThat(RolloutPolicies.discover().names())
                    .containsExactly("ab_test", "allowlist", "canary", "fixed", "shadow");
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    /** The test class loader's classes, without any rollout provider registration. */
    private static ClassLoader withoutServiceFiles() {
        return new ClassLoader(PluginDiscoveryTest.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return SERVICES.equals(name) ? Collections.emptyEnumeration() : super.getResources(name);
            }
        };
    }
}
