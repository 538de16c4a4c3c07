package io.recsys.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.ModelRegistry;
import io.recsys.core.ModelVersion;
import io.recsys.core.PublishRequest;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.RegistryException;
import io.recsys.core.contract.ModelRegistryContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FileSystemModelRegistryTest extends ModelRegistryContractTest {

    @Override
    protected ModelRegistry createRegistry(Path root) {
        return new FileSystemModelRegistry(root);
    }

    @Test
    void publish_failingMidCopyLeavesNoVersionAndLatestUnchanged() throws Exception {
        Path root = Files.createDirectories(temp.resolve("reg"));
        var healthy = new FileSystemModelRegistry(root);
        RegisteredVersion v1 = healthy.publish(source("ok", "one"), PublishRequest.builder("test").build());

        var copies = new AtomicInteger();
        var failing = new FileSystemModelRegistry(root, target -> {
            if (copies.incrementAndGet() == 2) {
                throw new IOException("disk full (injected)");
            }
        });
        assertThatThrownBy(() -> failing.publish(source("bad", "two"), PublishRequest.builder("test").build()))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("nothing was published")
                .hasMessageContaining("disk full");

        assertThat(copies.get()).isEqualTo(2);
        assertThat(healthy.versions()).containsExactly(v1.version());
        assertThat(healthy.latest()).contains(v1.version());
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(FileSystemModelRegistry.STAGING_PREFIX))
                    .doesNotContain("v0.2");
        }
        // The next publish still gets the next number after the last complete version.
        assertThat(healthy.publish(source("next", "three"), PublishRequest.builder("test").build()).version())
                .isEqualTo(ModelVersion.parse("v0.2"));
    }

    @Test
    void versions_neverListsStagingOrIncompleteDirectories() throws Exception {
        Path root = Files.createDirectories(temp.resolve("reg"));
        var registry = new FileSystemModelRegistry(root);
        registry.publish(source("a", "one"), PublishRequest.builder("test").build());
        Files.createDirectories(root.resolve(".staging-abandoned/test"));
        Files.createDirectories(root.resolve("v0.7/test"));      // no meta.json: a crash before commit
        Files.createDirectories(root.resolve("not-a-version"));
        assertThat(registry.versions()).containsExactly(ModelVersion.parse("v0.1"));
        assertThat(registry.contains(ModelVersion.parse("v0.7"))).isFalse();
    }

    @Test
    void publish_eightConcurrentPublishersGetDistinctCompleteVersions() throws Exception {
        Path root = Files.createDirectories(temp.resolve("reg"));
        var registry = new FileSystemModelRegistry(root);
        var sources = new ArrayList<Path>();
        for (int i = 0; i < 8; i++) {
            sources.add(source("c" + i, "content-" + i));
        }
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(8);
        try {
            var tasks = new ArrayList<Callable<RegisteredVersion>>();
            for (Path src : sources) {
                tasks.add(() -> {
                    start.await();
                    return registry.publish(src, PublishRequest.builder("test").build());
                });
            }
            var futures = new ArrayList<Future<RegisteredVersion>>();
            for (var t : tasks) {
                futures.add(pool.submit(t));
            }
            start.countDown();
            var versions = new HashSet<ModelVersion>();
            for (var f : futures) {
                RegisteredVersion rv = f.get();
                versions.add(rv.version());
                String content = Files.readString(rv.artifactDir().resolve("model.txt"));
                assertThat(Files.readString(rv.artifactDir().resolve("nested/part.bin"))).isEqualTo(content + "-part");
                assertThat(registry.get(rv.version()).metadata().artifactSha())
                        .isEqualTo(ArtifactDigest.of(rv.artifactDir()).sha256());
            }
            assertThat(versions).hasSize(8);
            assertThat(registry.versions()).hasSize(8).containsExactlyInAnyOrderElementsOf(versions);
            assertThat(registry.latest()).isPresent();
            assertThat(versions).contains(registry.latest().orElseThrow());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reopen_readsBackIdentically() throws Exception {
        Path root = Files.createDirectories(temp.resolve("reg"));
        var first = new FileSystemModelRegistry(root);
        RegisteredVersion a = first.publish(source("a", "alpha"),
                PublishRequest.builder("test").gitSha("cafe").dataSnapshotId("snap").metric("ndcg", 0.25).build());
        RegisteredVersion b = first.publish(source("b", "beta"), PublishRequest.builder("test").major(true).build());

        var reopened = new FileSystemModelRegistry(root);
        assertThat(reopened.versions()).containsExactly(a.version(), b.version());
        assertThat(reopened.latest()).contains(b.version());
        assertThat(reopened.get(a.version())).isEqualTo(a);
        assertThat(reopened.get(b.version())).isEqualTo(b);
    }

    @Test
    void latest_corruptPointerIsReportedClearly() throws Exception {
        Path root = Files.createDirectories(temp.resolve("reg"));
        var registry = new FileSystemModelRegistry(root);
        registry.publish(source("a", "one"), PublishRequest.builder("test").build());
        Files.writeString(root.resolve("latest.txt"), "../../etc/passwd");
        assertThatThrownBy(registry::latest).isInstanceOf(RegistryException.class)
                .hasMessageContaining("does not hold a model version");
        assertThat(registry.versions()).hasSize(1);
    }

    @Test
    void publish_missingSourceIsRejected() {
        var registry = new FileSystemModelRegistry(temp.resolve("reg"));
        assertThatThrownBy(() -> registry.publish(temp.resolve("nope"), PublishRequest.builder("test").build()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("not a directory");
        assertThat(registry.versions()).isEmpty();
    }

    @Test
    void publish_versionFilesLandBesideMeta() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("reg"));
        Path manifest = Files.writeString(temp.resolve("m.json"), "{\"x\":1}");
        RegisteredVersion rv = registry.publish(source("a", "one"),
                PublishRequest.builder("test").versionFile("manifest.json", manifest).manifestSha256("abc").build());
        assertThat(Files.readString(rv.versionDir().resolve("manifest.json"))).isEqualTo("{\"x\":1}");
        assertThat(registry.get(rv.version()).metadata().manifestSha256()).isEqualTo("abc");
    }

    @Test
    void removeAbandonedStaging_deletesOnlyOldStaging() throws Exception {
        Path root = Files.createDirectories(temp.resolve("reg"));
        var registry = new FileSystemModelRegistry(root);
        registry.publish(source("a", "one"), PublishRequest.builder("test").build());
        Path stale = Files.createDirectories(root.resolve(".staging-old"));
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(0));
        Path fresh = Files.createDirectories(root.resolve(".staging-new"));
        Path staleLatest = Files.writeString(root.resolve("latest.txt.tmp-dead"), "v9.9\n");
        Files.setLastModifiedTime(staleLatest, java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(registry.removeAbandonedStaging(java.time.Duration.ofHours(1))).isEqualTo(2);
        assertThat(stale).doesNotExist();
        assertThat(staleLatest).doesNotExist();
        assertThat(registry.latest()).contains(ModelVersion.parse("v0.1"));
        assertThat(fresh).exists();
        assertThat(registry.versions()).hasSize(1);
    }

    @Test
    void publishRequest_rejectsUnsafeNames() {
        assertThatThrownBy(() -> PublishRequest.builder("../evil").build())
                .isInstanceOf(io.recsys.core.InvalidRequestException.class).hasMessageContaining("Invalid model name");
        assertThatThrownBy(() -> PublishRequest.builder("als").versionFile("../x", Path.of("f")).build())
                .isInstanceOf(io.recsys.core.InvalidRequestException.class).hasMessageContaining("Invalid version file name");
        assertThat(List.of("als", "popularity", "my-model_2")).allSatisfy(n -> PublishRequest.builder(n).build());
    }

    @Test
    void leftoverVersionDirectoryWithoutMeta_isSkippedByTheNextPublish() throws Exception {
        Path root = temp.resolve("leftover");
        var registry = new FileSystemModelRegistry(root);
        registry.publish(source("a", "one"), PublishRequest.builder("test").build());
        Files.createDirectories(root.resolve("v0.2").resolve("test"));    // a half-copied directory, no meta.json
        RegisteredVersion next = registry.publish(source("b", "two"), PublishRequest.builder("test").build());
        assertThat(next.version()).isEqualTo(ModelVersion.parse("v0.3"));
        assertThat(registry.versions()).containsExactly(ModelVersion.parse("v0.1"), ModelVersion.parse("v0.3"));
    }

    @Test
    void metaJsonWithAPathAsModelName_isRefusedWithoutTouchingThatPath() throws Exception {
        Path root = temp.resolve("hostile");
        var registry = new FileSystemModelRegistry(root);
        RegisteredVersion v = registry.publish(source("a", "one"), PublishRequest.builder("test").build());
        Path meta = v.versionDir().resolve("meta.json");
        for (String hostile : List.of("/", "../..", "a/b", "")) {
            Files.writeString(meta, Files.readString(meta).replaceAll("\"model_name\" : \"[^\"]*\"",
                    "\"model_name\" : \"" + hostile + "\""));
            assertThatThrownBy(() -> registry.get(v.version())).as(hostile).isInstanceOf(RegistryException.class)
                    .hasMessageNotContaining(root.toString());
        }
    }

    @Test
    void blankArtifactSha_failsVerification() throws Exception {
        Path root = temp.resolve("blank");
        var registry = new FileSystemModelRegistry(root);
        RegisteredVersion v = registry.publish(source("a", "one"), PublishRequest.builder("test").build());
        Path meta = v.versionDir().resolve("meta.json");
        Files.writeString(meta, Files.readString(meta).replace(v.metadata().artifactSha(), ""));
        assertThat(ArtifactDigest.check(registry.get(v.version()))).singleElement().asString()
                .contains("no artifact_sha");
    }

    @Test
    void opening_removesStagingAbandonedLongAgo_butNotAFreshOne() throws Exception {
        Path root = Files.createDirectories(temp.resolve("stale"));
        Path old = Files.createDirectories(root.resolve(".staging-old"));
        Path fresh = Files.createDirectories(root.resolve(".staging-fresh"));
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(FileSystemModelRegistry.ABANDONED_AFTER).minusSeconds(60)));
        new FileSystemModelRegistry(root);
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
    }
}
