package io.recsys.provenance.manifest;

import io.recsys.provenance.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsys.core.InvalidArtifactException;
import io.recsys.core.PublishRequest;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.spi.Providers;
import io.recsys.core.spi.VersionVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real registry version published with its manifest, then tampered with file by file. */
class ManifestVerifierIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-19T17:39:29Z"), ZoneOffset.UTC);

    @TempDir
    Path temp;

    private FileSystemModelRegistry registry;
    private Path artifactDir;
    private TrainingManifest manifest;
    private RegisteredVersion version;

    @BeforeEach
    void publish() throws IOException {
        artifactDir = Files.createDirectories(temp.resolve("train/als"));
        Files.write(artifactDir.resolve("item_factors.npy"), bytes(4096, 1));
        Files.write(artifactDir.resolve("user_factors.npy"), bytes(2048, 2));
        Files.write(artifactDir.resolve("user_ids.npy"), bytes(512, 3));
        Files.createDirectories(artifactDir.resolve("extra"));
        Files.writeString(artifactDir.resolve("extra/seen.json"), "{\"1\": [2, 3]}", StandardCharsets.UTF_8);
        manifest = TrainingManifest.builder("als", CLOCK).git(new GitInfo("207521e0d08abb271998cc9790a9d006e1b0f4eb",
                "main", "0")).datasetPath("synthetic").datasetVersion("snap-1").hyperparameter("factors", 16)
                .artifactsFrom(artifactDir).build();
        // the manifest goes to a separate manifest directory (--manifest_dir)
        ManifestWriter.Written written = ManifestWriter.write(manifest, temp.resolve("manifests-out"));
        registry = new FileSystemModelRegistry(temp.resolve("registry"));
        version = ProvenanceExport.publish(registry, artifactDir, written.pointer(), b -> b.metric("hr_at_10", 0.127));
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static void flipOneByte(Path file, int at) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[at] ^= 0x01;
        Files.write(file, b);
    }

    @Test
    void publishedVersion_carriesItsManifestLinkedFromMetaJson() throws IOException {
        assertThat(version.versionDir().resolve("manifest.json")).exists();
        assertThat(version.metadata().manifestSha256()).isEqualTo(manifest.manifestSha256());
        assertThat(version.metadata().gitSha()).isEqualTo("207521e0d08abb271998cc9790a9d006e1b0f4eb");
        assertThat(version.metadata().dataSnapshotId()).isEqualTo("snap-1");
        assertThat(version.metadata().metrics()).containsEntry("hr_at_10", 0.127);
        assertThat(registry.get(version.version()).metadata().manifestSha256()).isEqualTo(manifest.manifestSha256());

        ManifestVerification v = ManifestVerification.verify(version.versionDir());
        assertThat(v.ok()).as(v.toText()).isTrue();
        assertThat(v.manifestFound()).isTrue();
        assertThat(v.manifestSha256()).isEqualTo(manifest.manifestSha256());
        assertThat(new ManifestVerifier().verify(registry.get(version.version()))).isEmpty();
        assertThat(v.toJson()).contains("\"ok\" : true");
    }

    @Test
    void verifier_isRegisteredForServiceLoader() {
        assertThat(Providers.load(VersionVerifier.class)).anyMatch(p -> p instanceof ManifestVerifier);
    }

    @Test
    void tamperingWithOneByteOfAnyArtifact_isDetectedAndNamed() throws IOException {
        var verifier = new ManifestVerifier();
        for (var e : manifest.artifacts().entrySet()) {
            Path file = version.artifactDir().resolve(e.getValue().path());
            byte[] original = Files.readAllBytes(file);
            flipOneByte(file, original.length / 2);

            assertThat(verifier.verify(version)).as(e.getKey()).singleElement().asString()
                    .startsWith("artifact " + e.getKey() + ": sha256 mismatch (expected "
                            + e.getValue().sha256().substring(0, 12));
            Files.write(file, original);
        }
        assertThat(verifier.verify(version)).isEmpty();
    }

    @Test
    void missingOrResizedArtifact_isNamed() throws IOException {
        Files.delete(version.artifactDir().resolve("user_ids.npy"));
        Files.writeString(version.artifactDir().resolve("extra/seen.json"), "{}");
        assertThat(new ManifestVerifier().verify(version)).containsExactlyInAnyOrder(
                "artifact user_ids: missing file user_ids.npy",
                "artifact extra/seen: size mismatch (expected 13 bytes, found 2)",
                "artifact extra/seen: sha256 mismatch (expected "
                        + manifest.artifacts().get("extra/seen").sha256().substring(0, 12) + ".., found "
                        + ManifestVerification.abbrev(io.recsys.core.registry.ArtifactDigest.sha256Of(
                                version.artifactDir().resolve("extra/seen.json"))) + ")");
    }

    @Test
    void tamperingWithOneByteOfTheManifest_isDetected() throws IOException {
        Path file = version.versionDir().resolve("manifest.json");
        String text = Files.readString(file);
        // change one byte inside the recorded size of item_factors (4096 -> 4097)
        Files.writeString(file, text.replace("\"size_bytes\" : 4096", "\"size_bytes\" : 4097"));
        assertThat(Files.readString(file)).isNotEqualTo(text);

        ManifestVerification v = ManifestVerification.verify(version.versionDir());
        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).anyMatch(p -> p.startsWith("manifest: manifest_sha256 mismatch"));
        assertThat(v.problems()).anyMatch(p -> p.startsWith("manifest: meta.json manifest_sha256"));
        assertThat(v.problems()).anyMatch(p -> p.startsWith("artifact item_factors: size mismatch"));
    }

    @Test
    void resealedManifest_stillFailsTheLinkToMetaJson() throws IOException {
        Path file = version.versionDir().resolve("manifest.json");
        ObjectNode tree = Manifests.readTree(file);
        ((ObjectNode) tree.get("pipeline")).put("git_commit", "0000000000000000000000000000000000000000");
        tree.put("manifest_sha256", Manifests.sha256(tree));
        Files.writeString(file, Json.PRETTY.writeValueAsString(tree));

        assertThat(new ManifestVerifier().verify(version)).singleElement().asString()
                .startsWith("manifest: meta.json manifest_sha256 " + manifest.manifestSha256().substring(0, 12));
    }

    @Test
    void deletedManifest_isReportedWhenMetaJsonNamesOne() throws IOException {
        Files.delete(version.versionDir().resolve("manifest.json"));
        assertThat(new ManifestVerifier().verify(version)).singleElement().asString()
                .contains("manifest.json is missing");
    }

    @Test
    void versionWithoutManifestOrItsHash_failsClosed() throws IOException {
        // a version whose manifest and manifest_sha256 were both removed must not pass as "no manifest"
        RegisteredVersion plain = registry.publish(artifactDir, PublishRequest.builder("als").build());
        assertThat(new ManifestVerifier().verify(plain)).singleElement().asString()
                .contains("has no training manifest");
        ManifestVerification v = ManifestVerification.verify(plain.versionDir());
        assertThat(v.ok()).isFalse();
        assertThat(v.manifestFound()).isFalse();
    }

    @Test
    void export_refusesArtifactsThatDoNotMatchTheirManifest() throws IOException {
        flipOneByte(artifactDir.resolve("user_factors.npy"), 0);
        int before = registry.versions().size();
        assertThatThrownBy(() -> ProvenanceExport.publish(registry, artifactDir,
                temp.resolve("manifests-out/model_manifest.json")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("artifact user_factors: sha256 mismatch");
        assertThat(registry.versions()).hasSize(before);
    }

    @Test
    void artifactPathEscapingTheDirectory_isReported() throws IOException {
        Path file = temp.resolve("escape.json");
        ObjectNode tree = manifest.toJsonTree();
        ObjectNode entry = (ObjectNode) tree.get("artifacts").get("user_ids");
        entry.put("path", "../../../etc/passwd");
        tree.put("manifest_sha256", Manifests.sha256(tree));
        Files.writeString(file, Json.MAPPER.writeValueAsString(tree));
        assertThat(ManifestVerification.verifyArtifacts(file, artifactDir).problems())
                .containsExactly("artifact user_ids: path ../../../etc/passwd leaves the artifact directory");
    }
}
