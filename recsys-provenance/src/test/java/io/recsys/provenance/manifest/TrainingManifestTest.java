package io.recsys.provenance.manifest;

import io.recsys.provenance.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsys.core.registry.ArtifactDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingManifestTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T18:12:55.123456Z"), ZoneOffset.UTC);
    private static final GitInfo GIT = new GitInfo("80d8e56f5c1b0000000000000000000000000000", "main", "0");

    @TempDir
    Path temp;

    private Path artifacts() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("artifacts"));
        Files.write(dir.resolve("item_factors.npy"), new byte[] {1, 2, 3, 4});
        Files.write(dir.resolve("user_ids.npy"), new byte[] {9, 8});
        Files.writeString(dir.resolve("meta.json"), "{\"factors\": 8}");
        return dir;
    }

    private TrainingManifest manifest(Path artifactDir) throws IOException {
        Path data = Files.writeString(temp.resolve("ratings.csv"), "user,item\n1,2\n", StandardCharsets.UTF_8);
        return TrainingManifest.builder("als", CLOCK)
                .git(GIT)
                .dataset(data)
                .rowCount(1).uniqueUsers(1).uniqueMovies(1)
                .hyperparameter("factors", 8)
                .hyperparameter("regularization", 0.002)
                .hyperparameter("alpha", 2e23)
                .hyperparameter("nested", Map.of("b", List.of(1, 2), "a", true))
                .artifactsFrom(artifactDir)
                .build();
    }

    @Test
    void build_defaultsModelVersionAndDataVersionAndSeals() throws IOException {
        Path dir = artifacts();
        TrainingManifest m = manifest(dir);
        assertThat(m.modelVersion()).isEqualTo("als-20250304181255");
        assertThat(m.trainedAt()).isEqualTo("2025-03-04T18:12:55.123456Z");
        assertThat(m.data().datasetSha256()).isEqualTo(ArtifactDigest.sha256Of(temp.resolve("ratings.csv")));
        assertThat(m.data().datasetVersion()).isEqualTo(m.data().datasetSha256());
        assertThat(m.data().datasetSizeBytes()).isEqualTo(14L);
        assertThat(m.pipeline()).isEqualTo(new TrainingManifest.Pipeline(GIT.commit(), "main", "0"));
        assertThat(m.artifacts()).containsOnlyKeys("item_factors", "user_ids", "meta");
        assertThat(m.artifacts().get("item_factors"))
                .isEqualTo(new TrainingManifest.Artifact("item_factors.npy",
                        ArtifactDigest.sha256Of(dir.resolve("item_factors.npy")), 4));
        assertThat(m.runtime().javaVersion()).isEqualTo(System.getProperty("java.version"));
        assertThat(m.runtime().libraryVersion()).isNotBlank();
        assertThat(m.manifestSha256()).matches("[0-9a-f]{64}");
        assertThat(m.isSealed()).isTrue();
    }

    @Test
    void build_explicitVersionsWin() throws IOException {
        TrainingManifest m = TrainingManifest.builder("als", CLOCK).git(GitInfo.UNKNOWN)
                .modelVersion("als-release-7").datasetPath("synthetic:seed=1").datasetVersion("kafka-20250301")
                .artifactsFrom(artifacts()).build();
        assertThat(m.modelVersion()).isEqualTo("als-release-7");
        assertThat(m.data().datasetVersion()).isEqualTo("kafka-20250301");
        assertThat(m.data().datasetSha256()).isNull();
        assertThatThrownBy(() -> TrainingManifest.builder("als").modelVersion("../escape"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrainingManifest.builder("als").hyperparameter("x", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x");
    }

    @Test
    void writtenManifest_readsBackEqualAndRehashesToTheSameHash() throws IOException {
        TrainingManifest m = manifest(artifacts());
        ManifestWriter.Written w = ManifestWriter.write(m, temp.resolve("out"));

        assertThat(w.manifest()).isEqualTo(temp.resolve("out/manifests/als-20250304181255.json"));
        assertThat(Files.readString(w.pointer())).isEqualTo(Files.readString(w.manifest()));
        TrainingManifest back = Manifests.read(w.manifest());
        assertThat(back.manifestSha256()).isEqualTo(m.manifestSha256());
        assertThat(back.computeSha256()).isEqualTo(m.manifestSha256());
        assertThat(Manifests.sha256(Manifests.readTree(w.manifest()))).isEqualTo(m.manifestSha256());
        assertThat(back.toJsonTree()).isEqualTo(m.toJsonTree());
        // the seed's schema, exactly
        assertThat(fieldNames(Manifests.readTree(w.manifest()))).containsExactly("model_family", "model_version",
                "trained_at", "pipeline", "data", "hyperparameters", "artifacts", "runtime", "manifest_sha256");
        assertThat(fieldNames((ObjectNode) Manifests.readTree(w.manifest()).get("data"))).containsExactly(
                "dataset_path", "dataset_version", "dataset_sha256", "row_count", "unique_users", "unique_movies",
                "dataset_size_bytes");
    }

    @Test
    void hash_ignoresKeyOrderAndWhitespaceOfTheFile() throws IOException {
        TrainingManifest m = manifest(artifacts());
        ObjectNode tree = m.toJsonTree();
        // rebuild the object with its keys in reverse order, compactly
        List<String> keys = fieldNames(tree);
        Collections.reverse(keys);
        ObjectNode reversed = Json.MAPPER.createObjectNode();
        for (String k : keys) {
            reversed.set(k, tree.get(k));
        }
        Path file = Files.writeString(temp.resolve("reordered.json"), Json.MAPPER.writeValueAsString(reversed));
        assertThat(Files.readString(file)).doesNotStartWith("{\"model_family\"");
        assertThat(Manifests.sha256(Manifests.readTree(file))).isEqualTo(m.manifestSha256());
    }

    @Test
    void read_toleratesUnknownFieldsWhichTheTreeHashStillCovers() throws IOException {
        TrainingManifest m = manifest(artifacts());
        ObjectNode tree = m.toJsonTree();
        tree.put("added_by_a_later_release", "x");
        ((ObjectNode) tree.get("pipeline")).put("ci_run", 42);
        Path file = Files.writeString(temp.resolve("future.json"), Json.MAPPER.writeValueAsString(tree));

        TrainingManifest read = Manifests.read(file);
        assertThat(read.modelVersion()).isEqualTo(m.modelVersion());
        assertThat(Manifests.sha256(Manifests.readTree(file))).isNotEqualTo(m.manifestSha256());
        // a later release that seals with the extra field verifies here, although this release cannot see it
        tree.put("manifest_sha256", Manifests.sha256(tree));
        Files.writeString(file, Json.MAPPER.writeValueAsString(tree));
        assertThat(ManifestVerification.verifyArtifacts(file, temp.resolve("artifacts")).problems()).isEmpty();
    }

    @Test
    void write_isIdempotentButRefusesToOverwriteAManifestWithOtherContent() throws IOException {
        Path dir = artifacts();
        TrainingManifest m = manifest(dir);
        ManifestWriter.write(m, dir);
        ManifestWriter.write(m, dir);
        TrainingManifest other = TrainingManifest.builder("als", CLOCK).git(GitInfo.UNKNOWN).artifactsFrom(dir).build();
        assertThat(other.modelVersion()).isEqualTo(m.modelVersion());
        assertThat(other.artifacts()).doesNotContainKeys("model_manifest", "manifests/als-20250304181255");
        assertThatThrownBy(() -> ManifestWriter.write(other, dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("already exists");
        TrainingManifest unsealed = new TrainingManifest("als", "x", "", null, null, null, null, null, null);
        assertThatThrownBy(() -> ManifestWriter.write(unsealed, dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not sealed");
    }

    @Test
    void artifactsFrom_namesCollidingStemsByFullPath() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("a"));
        Files.writeString(dir.resolve("map.json"), "{}");
        Files.writeString(dir.resolve("map.csv"), "a");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/x.bin"), "b");
        TrainingManifest m = TrainingManifest.builder("als", CLOCK).git(GitInfo.UNKNOWN).artifactsFrom(dir).build();
        assertThat(m.artifacts()).containsOnlyKeys("map.json", "map.csv", "sub/x");
        assertThat(m.artifacts().get("sub/x").path()).isEqualTo("sub/x.bin");
    }

    private static List<String> fieldNames(ObjectNode node) {
        var out = new ArrayList<String>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
