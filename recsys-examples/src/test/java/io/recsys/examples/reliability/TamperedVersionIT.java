package io.recsys.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.popularity.PopularityModelLoader;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import io.recsys.provenance.manifest.GitInfo;
import io.recsys.provenance.manifest.ManifestVerification;
import io.recsys.provenance.manifest.ManifestWriter;
import io.recsys.provenance.manifest.ProvenanceExport;
import io.recsys.provenance.manifest.TrainingManifest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A switch to a version whose files were damaged after publication is refused with a 422 that
 * names the problem, and the serving version does not change. Versions are published with a real
 * training manifest through {@link ProvenanceExport}, so both the registry's {@code artifact_sha}
 * and the provenance module's {@code ManifestVerifier} are exercised.
 */
class TamperedVersionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ITEMS = 30;

    @TempDir
    Path temp;

    /** Publishes a popularity model with items {@code [base, base + ITEMS)} and its sealed manifest. */
    private RegisteredVersion publish(FileSystemModelRegistry registry, long base) throws IOException {
        return publish(registry, base, null);
    }

    private RegisteredVersion publish(FileSystemModelRegistry registry, long base,
            io.recsys.core.signing.VersionSigner signer) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("train-" + base + "/popularity"));
        int n = 2 * ITEMS;
        long[] users = new long[n];
        long[] items = new long[n];
        for (int i = 0; i < n; i++) {
            users[i] = i;
            items[i] = base + (i * 7L) % ITEMS;
        }
        PopularityModelLoader.write(dir, users, items);
        TrainingManifest manifest = TrainingManifest.builder(PopularityModelLoader.MODEL_NAME)
                .modelVersion("popularity-" + base)
                .git(new GitInfo("207521e0d08abb271998cc9790a9d006e1b0f4eb", "main", "0"))
                .datasetPath("synthetic").datasetVersion("snap-" + base).hyperparameter("items", ITEMS)
                .artifactsFrom(dir).build();
        ManifestWriter.Written written = ManifestWriter.write(manifest, temp.resolve("manifests-" + base));
        return ProvenanceExport.publish(registry, dir, written.pointer(), b -> b.signer(signer));
    }

    private static Path largestFile(RegisteredVersion v) {
        return Loopback.files(v.artifactDir()).stream().max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
                .orElseThrow();
    }

    @Test
    void damagedVersionsAreRefusedAndTheServingVersionStays() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        RegisteredVersion good = publish(registry, 1000);
        RegisteredVersion truncated = publish(registry, 2000);
        RegisteredVersion missing = publish(registry, 3000);
        RegisteredVersion flipped = publish(registry, 4000);
        RegisteredVersion manifestEdited = publish(registry, 5000);
        RegisteredVersion manifestGone = publish(registry, 6000);
        RegisteredVersion intact = publish(registry, 7000);
        for (RegisteredVersion v : registry.versions().stream().map(registry::get).toList()) {
            assertThat(ManifestVerification.verify(v).ok()).as(v.version() + " verifies before tampering").isTrue();
            assertThat(v.metadata().manifestSha256()).isNotBlank();
        }

        // truncated: the largest artifact loses its second half
        Path t = largestFile(truncated);
        try (var f = new RandomAccessFile(t.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        // missing: one artifact file deleted
        Path m = largestFile(missing);
        Files.delete(m);
        // one byte altered, same size
        Path b = largestFile(flipped);
        byte[] bytes = Files.readAllBytes(b);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(b, bytes);
        // the training manifest edited by one character (a hyperparameter), artifacts untouched
        Path manifest = manifestEdited.versionDir().resolve(ManifestVerification.VERSION_MANIFEST);
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        String edited = text.replace("\"items\" : " + ITEMS, "\"items\" : " + (ITEMS + 1));
        assertThat(edited).isNotEqualTo(text).hasSameSizeAs(text);
        Files.writeString(manifest, edited, StandardCharsets.UTF_8);
        // the training manifest removed while meta.json still links it
        Files.delete(manifestGone.versionDir().resolve(ManifestVerification.VERSION_MANIFEST));

        try (RecsysServer server = Loopback.start(ServerOptions.builder(registry.root()).build(),
                Map.of("MODEL_VERSION", good.version().toString()))) {
            HttpClient client = Loopback.client();
            var cases = List.of(
                    new Case(truncated, List.of("failed verification", "artifact_size mismatch", "artifact_sha mismatch",
                            "artifact " + stem(t) + ": size mismatch")),
                    new Case(missing, List.of("failed verification", "artifact_sha mismatch",
                            "artifact " + stem(m) + ": missing file " + m.getFileName())),
                    new Case(flipped, List.of("failed verification", "artifact_sha mismatch",
                            "artifact " + stem(b) + ": sha256 mismatch")),
                    new Case(manifestEdited, List.of("failed verification", "manifest: manifest_sha256 mismatch")),
                    new Case(manifestGone, List.of("failed verification", "manifest.json is missing")));
            for (Case c : cases) {
                String v = c.version.version().toString();
                HttpResponse<String> r = Loopback.get(client, server, "/switch?model=" + v);
                assertThat(r.statusCode()).as(v + ": " + r.body()).isEqualTo(422);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
                JsonNode body = JSON.readTree(r.body());
                assertThat(body.path("error").asText()).isEqualTo("invalid_model");
                String detail = body.path("detail").asText();
                assertThat(detail).as(v).contains("Model version " + v);
                for (String part : c.detailParts) {
                    assertThat(detail).as(v).contains(part);
                }
                assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");

                assertThat(JSON.readTree(Loopback.get(client, server, "/healthz").body()).path("version").asText())
                        .isEqualTo(good.version().toString());
                HttpResponse<String> rec = Loopback.get(client, server, "/recommend/3?k=3");
                assertThat(rec.statusCode()).isEqualTo(200);
                assertThat(rec.headers().firstValue("X-Model-Version")).hasValue(good.version().toString());
                JSON.readTree(rec.body()).path("items").forEach(i -> assertThat(i.asLong()).isBetween(1000L, 1000L + ITEMS - 1));
                assertThat(Loopback.series(client, server)).contains("model_switches_total{from_version=\""
                        + good.version() + "\",status=\"invalid\",to_version=\"" + v + "\"} 1.0");
            }
            // the refusals left the server able to switch: an intact version still goes through
            HttpResponse<String> r = Loopback.get(client, server, "/switch?model=" + intact.version());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(Loopback.get(client, server, "/recommend/3").headers().firstValue("X-Model-Version"))
                    .hasValue(intact.version().toString());
            List<String> series = Loopback.series(client, server);
            assertThat(Loopback.metric(series, "model_switches_total{from_version=\"" + good.version()
                    + "\",status=\"success\",to_version=\"" + intact.version() + "\"}")).isEqualTo(1.0);
            assertThat(series.stream().filter(l -> l.startsWith("model_switches_total{") && l.contains("status=\"invalid\"")))
                    .hasSize(cases.size());
        }
    }

    /** The manifest names an artifact by its file name without extension. */
    private static String stem(Path file) {
        return file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    }

    private record Case(RegisteredVersion version, List<String> detailParts) {
    }

    @Test
    void aServerThatRequiresSignatures_refusesRecomputedHashesAndUnsignedVersions() throws Exception {
        // the attack: whoever can write the registry changes the factors and recomputes every hash
        Path keys = Files.createDirectories(temp.resolve("keys"));
        io.recsys.core.signing.SigningKeys.generate(keys.resolve("release.key"), keys.resolve("release.pub"));
        var signer = io.recsys.core.signing.VersionSigner.fromFile(keys.resolve("release.key"));
        var registry = new FileSystemModelRegistry(temp.resolve("signed-registry"));
        RegisteredVersion good = publish(registry, 1000, signer);
        RegisteredVersion rehashed = publish(registry, 2000, signer);
        RegisteredVersion unsigned = publish(registry, 3000, null);
        Path f = largestFile(rehashed);
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(f, bytes);
        var digest = io.recsys.core.registry.ArtifactDigest.of(rehashed.artifactDir());
        Path meta = rehashed.versionDir().resolve("meta.json");
        Files.writeString(meta, Files.readString(meta).replace(rehashed.metadata().artifactSha(), digest.sha256()));
        // the manifest's per-file hash would need the same treatment; the signature check must not depend on it
        try (RecsysServer server = Loopback.start(ServerOptions.builder(registry.root())
                .trustKeys(List.of(keys.resolve("release.pub"))).requireSignature(true).build(),
                Map.of("MODEL_VERSION", good.version().toString()))) {
            HttpClient client = Loopback.client();
            for (RegisteredVersion bad : List.of(rehashed, unsigned)) {
                HttpResponse<String> r = Loopback.get(client, server, "/switch?model=" + bad.version());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
                assertThat(r.body()).contains("signature");
            }
            assertThat(JSON.readTree(Loopback.get(client, server, "/healthz").body()).path("version").asText())
                    .isEqualTo(good.version().toString());
        }
    }
}
