package io.recsys.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.ModelRegistry;
import io.recsys.core.ModelVersion;
import io.recsys.core.PublishRequest;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.UnknownVersionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link ModelRegistry} keeps: versions are assigned in order, published files
 * come back byte for byte, {@code latest} follows publication and {@code setLatest}, and unknown
 * versions are reported with what is available.
 */
public abstract class ModelRegistryContractTest {

    /** Scratch space for sources and the registry. */
    @TempDir
    protected Path temp;

    /**
     * @param root an empty directory the registry may use
     * @return the registry under test
     */
    protected abstract ModelRegistry createRegistry(Path root) throws Exception;

    /**
     * @param name directory name under the temp dir
     * @param content content of the single artifact file
     * @return a directory holding a small artifact
     */
    protected Path source(String name, String content) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("src-" + name));
        Files.writeString(dir.resolve("model.txt"), content, StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("nested/part.bin"), content + "-part", StandardCharsets.UTF_8);
        return dir;
    }

    @Test
    void publish_assignsMinorVersionsInOrderAndMovesLatest() throws Exception {
        ModelRegistry registry = createRegistry(Files.createDirectories(temp.resolve("reg")));
        assertThat(registry.versions()).isEmpty();
        assertThat(registry.latest()).isEmpty();

        RegisteredVersion v1 = registry.publish(source("a", "one"), PublishRequest.builder("test").build());
        RegisteredVersion v2 = registry.publish(source("b", "two"), PublishRequest.builder("test").build());

        assertThat(v1.version()).isEqualTo(ModelVersion.parse("v0.1"));
        assertThat(v2.version()).isEqualTo(ModelVersion.parse("v0.2"));
        assertThat(registry.versions()).containsExactly(v1.version(), v2.version());
        assertThat(registry.latest()).contains(v2.version());
    }

    @Test
    void publish_majorStartsNextMajorVersion() throws Exception {
        ModelRegistry registry = createRegistry(Files.createDirectories(temp.resolve("reg")));
        registry.publish(source("a", "one"), PublishRequest.builder("test").build());
        RegisteredVersion major = registry.publish(source("b", "two"), PublishRequest.builder("test").major(true).build());
        RegisteredVersion next = registry.publish(source("c", "three"), PublishRequest.builder("test").build());
        assertThat(major.version()).isEqualTo(ModelVersion.parse("v1.0"));
        assertThat(next.version()).isEqualTo(ModelVersion.parse("v1.1"));
    }

    @Test
    void get_returnsMetadataAndIdenticalFiles() throws Exception {
        ModelRegistry registry = createRegistry(Files.createDirectories(temp.resolve("reg")));
        RegisteredVersion published = registry.publish(source("a", "payload"),
                PublishRequest.builder("test").gitSha("abc1234").dataSnapshotId("data-1").metric("hr", 0.5).build());

        RegisteredVersion got = registry.get(published.version());
        assertThat(got.metadata().version()).isEqualTo("v0.1");
        assertThat(got.metadata().modelName()).isEqualTo("test");
        assertThat(got.metadata().gitSha()).isEqualTo("abc1234");
        assertThat(got.metadata().dataSnapshotId()).isEqualTo("data-1");
        assertThat(got.metadata().metrics()).containsEntry("hr", 0.5);
        assertThat(got.metadata().artifactSize()).isEqualTo("payload".length() + "payload-part".length());
        assertThat(Files.readString(got.artifactDir().resolve("model.txt"))).isEqualTo("payload");
        assertThat(Files.readString(got.artifactDir().resolve("nested/part.bin"))).isEqualTo("payload-part");
    }

    @Test
    void get_unknownVersionListsAvailable() throws Exception {
        ModelRegistry registry = createRegistry(Files.createDirectories(temp.resolve("reg")));
        registry.publish(source("a", "one"), PublishRequest.builder("test").build());
        assertThatThrownBy(() -> registry.get(ModelVersion.parse("v0.9")))
                .isInstanceOf(UnknownVersionException.class)
                .hasMessageContaining("v0.9").hasMessageContaining("available: v0.1");
    }

    @Test
    void setLatest_movesPointerAndRejectsUnknown() throws Exception {
        ModelRegistry registry = createRegistry(Files.createDirectories(temp.resolve("reg")));
        RegisteredVersion v1 = registry.publish(source("a", "one"), PublishRequest.builder("test").build());
        registry.publish(source("b", "two"), PublishRequest.builder("test").build());
        registry.setLatest(v1.version());
        assertThat(registry.latest()).contains(v1.version());
        assertThatThrownBy(() -> registry.setLatest(ModelVersion.parse("v3.3")))
                .isInstanceOf(UnknownVersionException.class);
        assertThat(registry.latest()).contains(v1.version());
    }

    @Test
    void publish_withoutMakingLatestKeepsPointer() throws Exception {
        ModelRegistry registry = createRegistry(Files.createDirectories(temp.resolve("reg")));
        RegisteredVersion v1 = registry.publish(source("a", "one"), PublishRequest.builder("test").build());
        RegisteredVersion v2 = registry.publish(source("b", "two"), PublishRequest.builder("test").makeLatest(false).build());
        assertThat(registry.latest()).contains(v1.version());
        assertThat(registry.contains(v2.version())).isTrue();
    }
}
