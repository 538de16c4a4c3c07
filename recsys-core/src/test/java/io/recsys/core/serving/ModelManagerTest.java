package io.recsys.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.InvalidRolloutException;
import io.recsys.core.ModelLoaders;
import io.recsys.core.ModelVersion;
import io.recsys.core.NotReadyException;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.Recommender;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutUpdate;
import io.recsys.core.UnknownVersionException;
import io.recsys.core.popularity.PopularityModelLoader;
import io.recsys.core.registry.ArtifactDigest;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.spi.ModelLoader;
import io.recsys.core.testing.Fixtures;
import io.recsys.core.testing.TestPolicies;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model manager on its own: snapshot, switches, rollout changes, the cache of loaded versions. */
class ModelManagerTest {
    @TempDir
    Path temp;

    FileSystemModelRegistry registry;
    RegisteredVersion v1;
    RegisteredVersion v2;
    RegisteredVersion v3;
    SimpleMeterRegistry meters;
    AtomicInteger loads;
    ModelManager manager;

    @BeforeEach
    void setUp() throws Exception {
        registry = new FileSystemModelRegistry(temp.resolve("reg"));
        v1 = Fixtures.publishPopularity(registry, temp, 1000, 30, 100);
        v2 = Fixtures.publishPopularity(registry, temp, 2000, 30, 100);
        v3 = Fixtures.publishPopularity(registry, temp, 3000, 30, 100);
        meters = new SimpleMeterRegistry();
        loads = new AtomicInteger();
        manager = builder().cacheSize(2).build();
    }

    private ModelManager.Builder builder() {
        ModelLoader counting = new ModelLoader() {
            @Override
            public String modelName() {
                return "popularity";
            }

            @Override
            public Recommender load(RegisteredVersion version) {
                loads.incrementAndGet();
                try {
                    return new PopularityModelLoader().load(version);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        return ModelManager.builder(registry).loaders(ModelLoaders.of(List.of(counting))).verifiers(List.of())
                .policies(TestPolicies.all()).metrics(new ServiceMetrics(meters)).warmupCalls(3);
    }

    @Test
    void aCachedVersionIsVerifiedAgainWhenSwitchedBackTo() throws Exception {
        // the attack: a version's files are changed after it was loaded and cached; a rollback to it
        // must not serve it unchecked
        manager.setRollout(RolloutConfig.builder(v1.version()).build());
        manager.switchTo(v2.version());
        assertThat(manager.cachedVersions()).contains(v1.version());
        Path file = ArtifactDigest.files(v1.artifactDir()).get(0);
        java.nio.file.Files.writeString(file, "tampered", java.nio.file.StandardOpenOption.APPEND);
        int before = loads.get();
        assertThatThrownBy(() -> manager.switchTo(v1.version())).isInstanceOf(io.recsys.core.InvalidArtifactException.class)
                .hasMessageContaining("artifact_sha mismatch");
        assertThat(loads.get()).as("refused without loading again").isEqualTo(before);
        assertThat(manager.state().primaryVersion()).isEqualTo(v2.version());
    }

    @Test
    void notReadyUntilARolloutIsSet() {
        assertThat(manager.isReady()).isFalse();
        assertThatThrownBy(manager::state).isInstanceOf(NotReadyException.class);
        manager.setRollout(RolloutConfig.builder(v1.version()).build());
        assertThat(manager.isReady()).isTrue();
        assertThat(manager.state().primaryVersion()).isEqualTo(v1.version());
        assertThat(meters.get("service.health.status").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void switchToReportsPreviousVersionAndNotifiesListeners() {
        var events = new CopyOnWriteArrayList<SwitchEvent>();
        manager.addSwitchListener(events::add);
        manager.setRollout(RolloutConfig.builder(v1.version()).build());
        SwitchResult result = manager.switchTo(v2.version());
        assertThat(result.previousVersion()).isEqualTo(v1.version());
        assertThat(result.version()).isEqualTo(v2.version());
        assertThat(manager.state().primaryVersion()).isEqualTo(v2.version());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.fromVersion()).isEqualTo("v0.1");
            assertThat(e.toVersion()).isEqualTo("v0.2");
            assertThat(e.status()).isEqualTo(SwitchEvent.SUCCESS);
        });
    }

    @Test
    void unknownVersionKeepsServingAndIsCountedWithoutItsName() {
        var events = new CopyOnWriteArrayList<SwitchEvent>();
        manager.addSwitchListener(events::add);
        manager.setRollout(RolloutConfig.builder(v1.version()).build());
        assertThatThrownBy(() -> manager.switchTo(ModelVersion.parse("v9.9"))).isInstanceOf(UnknownVersionException.class);
        assertThat(manager.state().primaryVersion()).isEqualTo(v1.version());
        assertThat(meters.get("model.switches").tags("to_version", "other", "status", "not_found").counter().count())
                .isEqualTo(1.0);
        // the metric stays bounded; the switch log (the listeners) keeps the version asked for
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.toVersion()).isEqualTo("v9.9");
            assertThat(e.status()).isEqualTo(SwitchEvent.NOT_FOUND);
        });
    }

    @Test
    void aRolloutUpdateThatChangesThePrimaryIsASwitchEvent() {
        var events = new CopyOnWriteArrayList<SwitchEvent>();
        manager.setRollout(RolloutConfig.builder(v1.version()).build());
        manager.addSwitchListener(events::add);
        manager.updateRollout(new RolloutUpdate(null, null, null, "v0.2", java.util.Map.of()));
        manager.updateRollout(RolloutUpdate.of("canary", "v0.1", "10"));
        assertThat(events).as("a new canary leaves the primary: not a switch").singleElement().satisfies(e -> {
            assertThat(e.fromVersion()).isEqualTo("v0.1");
            assertThat(e.toVersion()).isEqualTo("v0.2");
            assertThat(e.status()).isEqualTo(SwitchEvent.SUCCESS);
        });
        assertThat(meters.get("model.switches").tags("from_version", "v0.1", "to_version", "v0.2", "status", "success")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void rejectedRolloutUpdateKeepsTheOldPolicy() {
        manager.setRollout(RolloutConfig.builder(v1.version()).build());
        assertThatThrownBy(() -> manager.updateRollout(RolloutUpdate.of("canary", "v7.7", "10")))
                .isInstanceOf(InvalidRolloutException.class).hasMessageContaining("v7.7");
        assertThat(manager.state().policy().describe().strategy()).isEqualTo("fixed");
    }

    @Test
    void cacheKeepsTheMostRecentVersionsAndRollbackDoesNotReload() {
        manager.setRollout(RolloutConfig.builder(v1.version()).build());
        manager.switchTo(v2.version());
        assertThat(loads.get()).isEqualTo(2);
        manager.switchTo(v1.version());                 // rollback: still cached
        assertThat(loads.get()).isEqualTo(2);
        manager.switchTo(v3.version());                 // v2 is now least recently used: evicted
        assertThat(loads.get()).isEqualTo(3);
        assertThat(manager.cachedVersions()).containsExactly(v1.version(), v3.version());
        assertThat(meters.get("model.load").timer().count()).isEqualTo(3);
    }

    @Test
    void servingVersionsStayCachedEvenBeyondTheCacheSize() {
        var small = builder().cacheSize(1).build();
        small.setRollout(RolloutConfig.builder(v1.version()).strategy("canary").canaryVersion(v2.version())
                .canaryPercentage(20).build());
        assertThat(small.cachedVersions()).containsExactlyInAnyOrder(v1.version(), v2.version());
    }

    @Test
    void preloadLoadsWithoutServing() {
        manager.setRollout(RolloutConfig.builder(v1.version()).build());
        assertThat(manager.preload(v2.version()).info().version()).isEqualTo(v2.version());
        assertThat(manager.state().primaryVersion()).isEqualTo(v1.version());
        assertThat(manager.cachedVersions()).contains(v2.version());
    }

    @Test
    void builderRefusesAnEmptyCache() {
        assertThatThrownBy(() -> ModelManager.builder(registry).cacheSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cacheSize");
    }
}
