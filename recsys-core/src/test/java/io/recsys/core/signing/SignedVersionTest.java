package io.recsys.core.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.PublishRequest;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.registry.ArtifactDigest;
import io.recsys.core.registry.FileSystemModelRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedVersionTest {
    @TempDir
    Path temp;
    FileSystemModelRegistry registry;
    Path keys;
    VersionSigner signer;
    TrustedKeys trusted;

    @BeforeEach
    void setUp() throws IOException {
        registry = new FileSystemModelRegistry(temp.resolve("registry"));
        keys = Files.createDirectories(temp.resolve("keys"));
        String id = SigningKeys.generate(keys.resolve("release.key"), keys.resolve("release.pub"));
        signer = VersionSigner.fromFile(keys.resolve("release.key"));
        assertThat(signer.keyId()).isEqualTo(id).matches("[0-9a-f]{16}");
        trusted = TrustedKeys.fromFiles(List.of(keys.resolve("release.pub")));
    }

    private RegisteredVersion publish(VersionSigner by) throws IOException {
        Path src = Files.createDirectories(temp.resolve("src-" + System.nanoTime()));
        Files.writeString(src.resolve("weights.bin"), "payload");
        return registry.publish(src, PublishRequest.builder("test").signer(by).build());
    }

    @Test
    void keygen_writesAPrivateKeyOnlyItsOwnerCanRead_andNeverOverwrites() throws IOException {
        assertThat(Files.getPosixFilePermissions(keys.resolve("release.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThatThrownBy(() -> SigningKeys.generate(keys.resolve("release.key"), keys.resolve("other.pub")))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(signer.toString()).doesNotContain("PRIVATE").contains(signer.keyId());
    }

    @Test
    void signedVersion_verifiesWithTheTrustedKey() throws IOException {
        RegisteredVersion v = publish(signer);
        var verifier = new SignatureVerifier(trusted, SignatureVerifier.Policy.REQUIRE_SIGNATURE);
        assertThat(verifier.verify(registry.get(v.version()))).isEmpty();
        assertThat(SignatureVerifier.status(v.versionDir(), v.metadata(), trusted).state())
                .isEqualTo(SignatureStatus.State.VALID);
    }

    @Test
    void recomputedHashes_areRefused_becauseMetaJsonNoLongerMatchesItsSignature() throws IOException {
        RegisteredVersion v = publish(signer);
        // the attacker can write the registry: change the payload and recompute artifact_sha
        Files.writeString(v.artifactDir().resolve("weights.bin"), "tampered");
        ArtifactDigest d = ArtifactDigest.of(v.artifactDir());
        Path meta = v.versionDir().resolve("meta.json");
        String json = Files.readString(meta, StandardCharsets.UTF_8)
                .replace(v.metadata().artifactSha(), d.sha256())
                .replace("\"artifact_size\" : " + v.metadata().artifactSize(), "\"artifact_size\" : " + d.size());
        Files.writeString(meta, json, StandardCharsets.UTF_8);
        RegisteredVersion reread = registry.get(v.version());
        assertThat(ArtifactDigest.check(reread)).isEmpty();
        assertThat(new SignatureVerifier(trusted, SignatureVerifier.Policy.VERIFY_IF_SIGNED).verify(reread))
                .singleElement().asString().contains("does not match meta.json");
    }

    @Test
    void unsignedVersion_isRefusedWhenSignaturesAreRequired_andPassesOtherwise() throws IOException {
        RegisteredVersion v = publish(null);
        assertThat(Files.exists(v.versionDir().resolve(VersionSigner.SIGNATURE_FILE))).isFalse();
        assertThat(new SignatureVerifier(trusted, SignatureVerifier.Policy.REQUIRE_SIGNATURE).verify(v))
                .singleElement().asString().contains("not signed");
        assertThat(new SignatureVerifier(trusted, SignatureVerifier.Policy.VERIFY_IF_SIGNED).verify(v)).isEmpty();
    }

    @Test
    void signatureByAnUntrustedKey_isRefused() throws IOException {
        Path other = Files.createDirectories(temp.resolve("other"));
        SigningKeys.generate(other.resolve("rogue.key"), other.resolve("rogue.pub"));
        RegisteredVersion v = publish(VersionSigner.fromFile(other.resolve("rogue.key")));
        assertThat(new SignatureVerifier(trusted, SignatureVerifier.Policy.VERIFY_IF_SIGNED).verify(v))
                .singleElement().asString().contains("not trusted");
        assertThat(SignatureVerifier.status(v.versionDir(), v.metadata(), TrustedKeys.none()).state())
                .isEqualTo(SignatureStatus.State.NOT_CHECKED);
    }

    @Test
    void malformedSignatureFiles_areInvalid() throws IOException {
        RegisteredVersion v = publish(signer);
        Path sig = v.versionDir().resolve(VersionSigner.SIGNATURE_FILE);
        for (String content : List.of("", "[]", "{\"algorithm\":\"RSA\"}", "{\"algorithm\":\"Ed25519\",\"key_id\":\"../x\"}",
                "{\"algorithm\":\"Ed25519\",\"key_id\":\"" + signer.keyId() + "\",\"signature\":\"!!\"}",
                "x".repeat(10_000))) {
            Files.writeString(sig, content);
            assertThat(SignatureVerifier.status(v.versionDir(), v.metadata(), trusted).state()).as(content)
                    .isEqualTo(SignatureStatus.State.INVALID);
        }
    }

    @Test
    void requireSignatureWithoutATrustedKey_isAConfigurationError() {
        assertThatThrownBy(() -> new SignatureVerifier(TrustedKeys.none(), SignatureVerifier.Policy.REQUIRE_SIGNATURE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--trust-key");
    }

    @Test
    void keyFiles_thatAreNotKeys_areRefusedWithoutEchoingTheirContent() throws IOException {
        Path bogus = temp.resolve("bogus.key");
        Files.writeString(bogus, "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SigningKeys.readPrivateKey(bogus))
                .isInstanceOf(SigningKeys.InvalidKeyFileException.class).hasMessageNotContaining("c2VjcmV0");
        Path mismatched = Files.createDirectories(temp.resolve("mismatch"));
        SigningKeys.generate(mismatched.resolve("a.key"), mismatched.resolve("a.pub"));
        SigningKeys.generate(mismatched.resolve("b.key"), mismatched.resolve("b.pub"));
        Files.copy(mismatched.resolve("b.pub"), mismatched.resolve("a.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> VersionSigner.fromFile(mismatched.resolve("a.key")))
                .isInstanceOf(SigningKeys.InvalidKeyFileException.class).hasMessageContaining("not one key pair");
    }
}
