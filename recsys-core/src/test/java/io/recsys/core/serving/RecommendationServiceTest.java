package io.recsys.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.InvalidArtifactException;
import io.recsys.core.InvalidRequestException;
import io.recsys.core.InvalidRolloutException;
import io.recsys.core.InvalidVersionException;
import io.recsys.core.ModelLoaders;
import io.recsys.core.ModelVersion;
import io.recsys.core.NotReadyException;
import io.recsys.core.PredictionRecord;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutUpdate;
import io.recsys.core.ScoredItem;
import io.recsys.core.UnknownVersionException;
import io.recsys.core.ModelLoadException;
import io.recsys.core.popularity.PopularityModelLoader;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.spi.ModelLoader;
import io.recsys.core.spi.ProvenanceSink;
import io.recsys.core.testing.Fixtures;
import io.recsys.core.testing.TestPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendationServiceTest {
    @TempDir
    Path temp;

    FileSystemModelRegistry registry;
    RegisteredVersion v1;
    RegisteredVersion v2;
    SimpleMeterRegistry meters;
    List<PredictionRecord> records;
    RecommendationService service;

    @BeforeEach
    void setUp() throws Exception {
        registry = new FileSystemModelRegistry(temp.resolve("reg"));
        v1 = Fixtures.publishPopularity(registry, temp, 1000, 30, 100);
        v2 = Fixtures.publishPopularity(registry, temp, 2000, 30, 100);
        meters = new SimpleMeterRegistry();
        records = new CopyOnWriteArrayList<>();
        service = builder().sink(records::add).build();
        service.start(RolloutConfig.builder(v1.version()).build());
    }

    private RecommendationServiceBuilder builder() {
        return RecommendationService.builder(registry).meterRegistry(meters).policies(TestPolicies.all()).warmupCalls(5);
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    @Test
    void recommend_returnsItemsWithProvenanceAndRecordsIt() {
        Recommendation r = service.recommend(new RecommendRequest(5, 4, true, "req-1", null, null));
        assertThat(r.items()).hasSize(4);
        assertThat(r.itemIds()).allMatch(id -> id >= 1000 && id < 1030);
        assertThat(r.provenance().requestId()).isEqualTo("req-1");
        assertThat(r.provenance().modelVersion()).isEqualTo("v0.1");
        assertThat(r.provenance().modelName()).isEqualTo("popularity");
        assertThat(r.provenance().gitSha()).startsWith("0123456789");
        assertThat(r.provenance().dataSnapshotId()).isEqualTo("data-1000");
        assertThat(r.variant()).isEqualTo("primary");
        assertThat(records).singleElement().satisfies(rec -> {
            assertThat(rec.requestId()).isEqualTo("req-1");
            assertThat(rec.items()).containsExactly(r.itemIds().stream().mapToLong(Long::longValue).toArray());
            assertThat(rec.outcome()).isEqualTo(io.recsys.core.Outcome.SERVED);
            assertThat(rec.path()).isEqualTo("/recommend/{user_id}");
        });
        assertThat(r.route().variant()).isEqualTo("primary");
        // Request counts by endpoint, status and variant are the transport's (see the server's EndpointMetrics).
        assertThat(meters.find("recommend.requests").meters()).isEmpty();
        assertThat(meters.find("ab.test.requests").meters()).isEmpty();
    }

    @Test
    void recommend_generatesRequestIdWhenAbsent() {
        String id = service.recommend(5, 3).provenance().requestId();
        assertThat(java.util.UUID.fromString(id)).isNotNull();
    }

    @Test
    void recommend_rejectsKOutOfRange() {
        assertThatThrownBy(() -> service.recommend(1, 0)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("k must be between 1 and 1000, got 0");
        assertThatThrownBy(() -> service.recommend(1, -5)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("got -5");
        assertThatThrownBy(() -> service.recommend(1, 1001)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("got 1001");
        assertThat(meters.find("recommend.errors").meters()).isEmpty();
        assertThat(records).isEmpty();
    }

    @Test
    void recommend_modelFailureIsTypedWithItsRouteAndRecorded() {
        ModelLoader broken = new ModelLoader() {
            @Override
            public String modelName() {
                return "popularity";
            }

            @Override
            public io.recsys.core.Recommender load(RegisteredVersion version) {
                io.recsys.core.Recommender real;
                try {
                    real = new PopularityModelLoader().load(version);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return new io.recsys.core.Recommender() {
                    @Override
                    public io.recsys.core.ModelInfo info() {
                        return real.info();
                    }

                    @Override
                    public List<ScoredItem> recommend(long userId, int k, io.recsys.core.Exclusions exclusions) {
                        if (userId == 13) {
                            throw new IllegalStateException("scoring failed (simulated)");
                        }
                        return real.recommend(userId, k, exclusions);
                    }

                    @Override
                    public boolean knowsUser(long userId) {
                        return real.knowsUser(userId);
                    }

                    @Override
                    public int itemCount() {
                        return real.itemCount();
                    }
                };
            }
        };
        try (var s = builder().loaders(ModelLoaders.of(List.of(broken))).sink(records::add).build()) {
            s.start(RolloutConfig.builder(v1.version()).build());
            assertThatThrownBy(() -> s.recommend(13, 3)).isInstanceOfSatisfying(io.recsys.core.ScoringException.class, e -> {
                assertThat(e.route().variant()).isEqualTo("primary");
                assertThat(e.route().servedVersion()).isEqualTo(v1.version());
                assertThat(e.outcome()).isEqualTo(io.recsys.core.Outcome.MODEL_ERROR);
                assertThat(e).hasCauseInstanceOf(IllegalStateException.class);
            });
        }
        assertThat(records).singleElement().satisfies(rec -> {
            assertThat(rec.outcome()).isEqualTo(io.recsys.core.Outcome.MODEL_ERROR);
            assertThat(rec.items()).isEmpty();
        });
    }

    @Test
    void recommend_configurableMaxK() {
        try (var small = builder().maxK(5).build()) {
            small.start(RolloutConfig.builder(v1.version()).build());
            assertThat(small.recommend(1, 5).items()).hasSize(5);
            assertThatThrownBy(() -> small.recommend(1, 6)).hasMessageContaining("between 1 and 5");
        }
    }

    @Test
    void recommend_unknownUserGetsPopularItems() {
        Recommendation r = service.recommend(Long.MAX_VALUE, 3);
        assertThat(r.itemIds()).containsExactly(1000L, 1001L, 1002L);
        assertThat(service.recommend(-42, 3).itemIds()).containsExactly(1000L, 1001L, 1002L);
    }

    @Test
    void recommend_beforeStartIsNotReady() {
        try (var fresh = builder().build()) {
            assertThat(fresh.isReady()).isFalse();
            assertThatThrownBy(() -> fresh.recommend(1, 3)).isInstanceOf(NotReadyException.class);
            assertThat(meters.get("service.health.status").gauge().value()).isEqualTo(1.0); // the started service
        }
    }

    @Test
    void recommend_throwingSinkNeverFailsRequestAndIsCounted() {
        ProvenanceSink broken = new ProvenanceSink() {
            @Override
            public void accept(PredictionRecord record) {
                throw new IllegalStateException("sink down");
            }

            @Override
            public String name() {
                return "broken";
            }
        };
        try (var s = builder().sink(broken).sink(records::add).build()) {
            s.start(RolloutConfig.builder(v1.version()).build());
            assertThat(s.recommend(3, 2).items()).hasSize(2);
            assertThat(s.recommend(4, 2).items()).hasSize(2);
        }
        assertThat(meters.get("provenance.sink.errors").tags("sink", "broken").counter().count()).isEqualTo(2.0);
        assertThat(records).hasSize(2); // the healthy sink after the broken one still got both
    }

    @Test
    void switchTo_servesNewVersionAndRecordsMetric() {
        SwitchResult r = service.switchTo("v0.2");
        assertThat(r.previousVersion()).isEqualTo(v1.version());
        assertThat(r.version()).isEqualTo(v2.version());
        assertThat(service.activeVersion()).isEqualTo(v2.version());
        assertThat(service.recommend(5, 3).itemIds()).allMatch(id -> id >= 2000 && id < 2030);
        assertThat(meters.get("model.switches").tags("from_version", "v0.1", "to_version", "v0.2", "status", "success")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void switchTo_unknownVersionKeepsServingAndListsAvailable() {
        assertThatThrownBy(() -> service.switchTo("v0.9")).isInstanceOf(UnknownVersionException.class)
                .hasMessage("Unknown model version v0.9; available: v0.1, v0.2");
        assertThat(service.activeVersion()).isEqualTo(v1.version());
        assertThat(meters.get("model.switches").tags("status", "not_found").counter().count()).isEqualTo(1.0);
    }

    @Test
    void switchTo_malformedVersionIsRejectedBeforeAnything() {
        assertThatThrownBy(() -> service.switchTo("v0.1/../../etc")).isInstanceOf(InvalidVersionException.class);
        assertThat(service.activeVersion()).isEqualTo(v1.version());
    }

    @Test
    void switchTo_tamperedArtifactIsRefusedAsInvalid() throws Exception {
        Path file = v2.artifactDir().resolve("popularity.tsv");
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] = (byte) (bytes[0] == '2' ? '3' : '2');
        Files.write(file, bytes);
        assertThatThrownBy(() -> service.switchTo("v0.2")).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("failed verification").hasMessageContaining("artifact_sha mismatch");
        assertThat(service.activeVersion()).isEqualTo(v1.version());
        assertThat(service.recommend(5, 3).itemIds()).allMatch(id -> id >= 1000 && id < 1030);
        assertThat(meters.get("model.switches").tags("to_version", "v0.2", "status", "invalid").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void switchTo_missingArtifactIsRefused() throws Exception {
        Files.delete(v2.artifactDir().resolve("seen.tsv"));
        assertThatThrownBy(() -> service.switchTo("v0.2")).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("artifact");
        assertThat(service.activeVersion()).isEqualTo(v1.version());
    }

    @Test
    void switchTo_loaderFailureIsErrorAndKeepsServing() {
        ModelLoader failing = new ModelLoader() {
            @Override
            public String modelName() {
                return "popularity";
            }

            @Override
            public io.recsys.core.Recommender load(RegisteredVersion version) {
                if (version.version().equals(v2.version())) {
                    throw new IllegalStateException("out of memory (simulated)");
                }
                try {
                    return new PopularityModelLoader().load(version);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        try (var s = builder().loaders(ModelLoaders.of(List.of(failing))).build()) {
            s.start(RolloutConfig.builder(v1.version()).build());
            assertThatThrownBy(() -> s.switchTo("v0.2")).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("out of memory (simulated)");
            assertThat(s.activeVersion()).isEqualTo(v1.version());
        }
        assertThat(meters.get("model.switches").tags("status", "error").counter().count()).isEqualTo(1.0);
    }

    @Test
    void switchTo_otherVersionDuringCanaryServesEveryoneThatVersion() {
        service.updateRollout(RolloutUpdate.of("canary", "v0.2", "30"));
        service.switchTo("v0.1");
        assertThat(service.rolloutStatus().strategy()).isEqualTo("fixed");
        assertThat(service.rolloutStatus().canaryVersion()).isNull();
        assertThat(java.util.stream.LongStream.range(0, 100).mapToObj(u -> service.recommend(u, 1).variant()))
                .containsOnly("primary");
    }

    @Test
    void switchTo_canaryPromotesToFixed() {
        service.updateRollout(RolloutUpdate.of("canary", "v0.2", "30"));
        assertThat(service.rolloutStatus().strategy()).isEqualTo("canary");
        service.switchTo("v0.2");
        assertThat(service.rolloutStatus().strategy()).isEqualTo("fixed");
        assertThat(service.rolloutStatus().canaryVersion()).isNull();
        assertThat(service.rolloutStatus().primaryVersion()).isEqualTo("v0.2");
    }

    @Test
    void updateRollout_routesCanaryShareAndKeepsUnspecifiedValues() {
        service.updateRollout(RolloutUpdate.of("canary", "v0.2", "25"));
        long canary = java.util.stream.LongStream.range(0, 100)
                .filter(u -> service.recommend(u, 1).variant().equals("canary")).count();
        assertThat(canary).isEqualTo(25);
        service.updateRollout(RolloutUpdate.of(null, null, "50"));
        assertThat(service.rolloutStatus().canaryVersion()).isEqualTo("v0.2");
        assertThat(service.rolloutStatus().canaryPercentage()).isEqualTo(50.0);
        Recommendation r = service.recommend(10, 3);
        assertThat(r.variant()).isEqualTo("canary");
        assertThat(r.provenance().modelVersion()).isEqualTo("v0.2");
        assertThat(r.itemIds()).allMatch(id -> id >= 2000);
    }

    @Test
    void updateRollout_invalidUpdatesAreRejectedAndOldPolicyServes() {
        service.updateRollout(RolloutUpdate.of("canary", "v0.2", "10"));
        var before = service.rolloutStatus();
        assertThatThrownBy(() -> service.updateRollout(RolloutUpdate.of("bogus", null, null)))
                .isInstanceOf(InvalidRolloutException.class).hasMessageContaining("Unknown rollout strategy 'bogus'")
                .hasMessageContaining("known: canary, fixed, shadow");
        assertThatThrownBy(() -> service.updateRollout(RolloutUpdate.of(null, null, "101")))
                .isInstanceOf(InvalidRolloutException.class).hasMessageContaining("from 0 to 100");
        assertThatThrownBy(() -> service.updateRollout(RolloutUpdate.of(null, null, "NaN")))
                .isInstanceOf(InvalidRolloutException.class);
        assertThatThrownBy(() -> service.updateRollout(RolloutUpdate.of(null, null, "ten")))
                .isInstanceOf(InvalidRolloutException.class).hasMessageContaining("'ten'");
        assertThatThrownBy(() -> service.updateRollout(RolloutUpdate.of(null, "v0.1", null)))
                .isInstanceOf(InvalidRolloutException.class).hasMessageContaining("is the primary version");
        assertThatThrownBy(() -> service.updateRollout(RolloutUpdate.of(null, "v0.8", null)))
                .isInstanceOf(InvalidRolloutException.class).hasMessageContaining("canary_version v0.8 is not in the registry");
        assertThatThrownBy(() -> service.updateRollout(RolloutUpdate.of("canary", "", null)))
                .isInstanceOf(InvalidRolloutException.class).hasMessageContaining("needs a canary_version");
        assertThat(service.rolloutStatus()).isEqualTo(before);
        assertThat(service.recommend(5, 1).variant()).isEqualTo("canary");
    }

    @Test
    void shadow_scoresOffRequestPathAndRecordsShadowRecord() throws Exception {
        var shadowSeen = new CountDownLatch(1);
        try (var s = builder().sink(rec -> {
            if (rec.shadow()) {
                shadowSeen.countDown();
            }
            records.add(rec);
        }).build()) {
            s.start(RolloutConfig.builder(v1.version()).strategy("shadow").canaryVersion(v2.version()).build());
            Recommendation r = s.recommend(new RecommendRequest(7, 3, true, "shadow-req", null, null));
            assertThat(r.provenance().modelVersion()).isEqualTo("v0.1");
            assertThat(shadowSeen.await(10, TimeUnit.SECONDS)).isTrue();
        }
        PredictionRecord shadow = records.stream().filter(PredictionRecord::shadow).findFirst().orElseThrow();
        assertThat(shadow.requestId()).isEqualTo("shadow-req");
        assertThat(shadow.modelVersion()).isEqualTo("v0.2");
        assertThat(shadow.variant()).isEqualTo("shadow");
        assertThat(java.util.Arrays.stream(shadow.items()).boxed()).allMatch(id -> id >= 2000);
    }

    @Test
    void shadow_fullQueueDropsAndCounts() throws Exception {
        var release = new CountDownLatch(1);
        var blocked = new CountDownLatch(1);
        ProvenanceSink slow = rec -> {
            if (rec.shadow()) {
                blocked.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (var s = builder().sink(slow).shadowQueue(2).build()) {
            s.start(RolloutConfig.builder(v1.version()).strategy("shadow").canaryVersion(v2.version()).build());
            s.recommend(1, 3);
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();  // the one shadow thread is now stuck
            for (int i = 0; i < 10; i++) {
                assertThat(s.recommend(i, 3).items()).hasSize(3);       // requests are unaffected
            }
            release.countDown();
        }
        // 1 running + 2 queued; the other 8 were dropped.
        assertThat(meters.get("shadow.requests").tags("outcome", "dropped").counter().count()).isEqualTo(8.0);
        assertThat(meters.get("shadow.requests").tags("outcome", "scored").counter().count()).isEqualTo(3.0);
    }

    @Test
    void cache_keepsRecentVersionsForInstantRollback() throws Exception {
        RegisteredVersion v3 = Fixtures.publishPopularity(registry, temp, 3000, 30, 100);
        RegisteredVersion v4 = Fixtures.publishPopularity(registry, temp, 4000, 30, 100);
        service.switchTo("v0.2");
        service.switchTo(v3.version().toString());
        service.switchTo(v4.version().toString());
        assertThat(service.manager().cachedVersions()).hasSize(3).contains(v4.version()).doesNotContain(v1.version());
        service.switchTo("v0.3");
        assertThat(service.manager().cachedVersions()).hasSize(3).contains(v3.version(), v4.version());
        assertThat(meters.get("model.load").timer().count()).isEqualTo(4); // v0.1..v0.4 each loaded once
    }

    @Test
    void metrics_versionInfoFollowsServingVersions() {
        assertThat(meters.get("model.version.info").tags("version", "v0.1", "role", "primary").gauge().value()).isEqualTo(1.0);
        service.switchTo("v0.2");
        assertThat(meters.find("model.version.info").tags("version", "v0.1").gauge()).isNull();
        assertThat(meters.get("model.version.info").tags("version", "v0.2", "git_sha", "0123456").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void start_unknownVersionFailsClearly() {
        try (var s = builder().build()) {
            assertThatThrownBy(() -> s.start(RolloutConfig.builder(ModelVersion.parse("v5.5")).build()))
                    .isInstanceOf(InvalidRolloutException.class).hasMessageContaining("primary_version v5.5 is not in the registry");
            assertThat(s.isReady()).isFalse();
        }
    }

    @Test
    void items_areScoredItems() {
        List<ScoredItem> items = service.recommend(1, 2).items();
        assertThat(items.get(0).score()).isGreaterThanOrEqualTo(items.get(1).score());
    }
}
