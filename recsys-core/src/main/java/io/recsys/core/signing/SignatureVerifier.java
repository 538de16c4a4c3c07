package io.recsys.core.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.VersionMetadata;
import io.recsys.core.spi.VersionVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Checks a version's Ed25519 signature over its {@code meta.json} (which carries the hash of every
 * artifact file and of the training manifest, so a valid signature covers the whole version).
 * With {@link Policy#REQUIRE_SIGNATURE} an unsigned version, or one signed by an untrusted key, is
 * refused; with {@link Policy#VERIFY_IF_SIGNED} an unsigned version passes but a signed one must
 * verify against a trusted key whenever any key is trusted. The {@code meta.json} bytes that were
 * verified are parsed again and must equal the metadata the registry handed out, so a file
 * changed between the registry's read and this check is refused too.
 */
public final class SignatureVerifier implements VersionVerifier {
    /** Largest signature file read. */
    static final int MAX_SIGNATURE_BYTES = 4096;
    /** Largest {@code meta.json} read. */
    static final int MAX_META_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** When an unsigned version may serve. */
    public enum Policy {
        /** Every version must carry a valid signature by a trusted key. */
        REQUIRE_SIGNATURE,
        /** Unsigned versions pass; signed ones are checked when keys are trusted. */
        VERIFY_IF_SIGNED
    }

    private final TrustedKeys trusted;
    private final Policy policy;

    /**
     * @param trusted the keys to accept
     * @param policy whether a signature is required
     * @throws IllegalArgumentException when a signature is required but no key is trusted
     */
    public SignatureVerifier(TrustedKeys trusted, Policy policy) {
        this.trusted = Objects.requireNonNull(trusted, "trusted");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (policy == Policy.REQUIRE_SIGNATURE && trusted.isEmpty()) {
            throw new IllegalArgumentException("require-signature needs at least one trusted public key (--trust-key)");
        }
    }

    @Override
    public List<String> verify(RegisteredVersion version) {
        SignatureStatus s = status(version.versionDir(), version.metadata(), trusted);
        return switch (s.state()) {
            case VALID -> List.of();
            case UNSIGNED, NOT_CHECKED -> policy == Policy.REQUIRE_SIGNATURE
                    ? List.of("signature: " + s.detail() + " (signed versions are required)") : List.of();
            case UNTRUSTED_KEY -> policy == Policy.REQUIRE_SIGNATURE || !trusted.isEmpty()
                    ? List.of("signature: " + s.detail()) : List.of();
            case INVALID -> List.of("signature: " + s.detail());
        };
    }

    /**
     * Reads and checks a version's signature.
     *
     * @param versionDir the version directory
     * @param metadata the metadata the registry read for it, or null to skip that comparison
     * @param trusted the trusted keys
     * @return the verdict
     */
    public static SignatureStatus status(Path versionDir, VersionMetadata metadata, TrustedKeys trusted) {
        byte[] sigBytes;
        try {
            sigBytes = readBounded(versionDir.resolve(VersionSigner.SIGNATURE_FILE), MAX_SIGNATURE_BYTES);
        } catch (NoSuchFileException e) {
            return new SignatureStatus(SignatureStatus.State.UNSIGNED, null, "the version is not signed");
        } catch (IOException e) {
            return invalid(null, "cannot read " + VersionSigner.SIGNATURE_FILE);
        }
        String keyId;
        byte[] signature;
        try {
            JsonNode node = JSON.readTree(sigBytes);
            if (node == null || !node.isObject() || !SigningKeys.ALGORITHM.equals(node.path("algorithm").asText())) {
                return invalid(null, VersionSigner.SIGNATURE_FILE + " is not an " + SigningKeys.ALGORITHM + " signature");
            }
            keyId = node.path("key_id").asText();
            signature = Base64.getDecoder().decode(node.path("signature").asText());
        } catch (IOException | IllegalArgumentException e) {
            return invalid(null, VersionSigner.SIGNATURE_FILE + " is malformed");
        }
        if (!keyId.matches("[0-9a-f]{16}")) {
            return invalid(null, VersionSigner.SIGNATURE_FILE + " has a malformed key id");
        }
        PublicKey key = trusted.find(keyId).orElse(null);
        if (key == null) {
            return trusted.isEmpty()
                    ? new SignatureStatus(SignatureStatus.State.NOT_CHECKED, keyId, "signed by key " + keyId
                            + ", but no trusted key was given to check it")
                    : new SignatureStatus(SignatureStatus.State.UNTRUSTED_KEY, keyId, "signed by key " + keyId
                            + ", which is not trusted (trusted: " + String.join(", ", trusted.ids()) + ")");
        }
        byte[] meta;
        try {
            meta = readBounded(versionDir.resolve("meta.json"), MAX_META_BYTES);
        } catch (IOException e) {
            return invalid(keyId, "cannot read meta.json");
        }
        if (!SignatureCheck.verifies(key, meta, signature)) {
            return invalid(keyId, "the signature by key " + keyId + " does not match meta.json");
        }
        if (metadata != null) {
            try {
                if (!metadata.equals(JSON.readValue(meta, VersionMetadata.class))) {
                    return invalid(keyId, "meta.json changed while the version was being loaded");
                }
            } catch (IOException | RuntimeException e) {
                return invalid(keyId, "meta.json is malformed");
            }
        }
        return new SignatureStatus(SignatureStatus.State.VALID, keyId, "signed by trusted key " + keyId);
    }

    private static SignatureStatus invalid(String keyId, String detail) {
        return new SignatureStatus(SignatureStatus.State.INVALID, keyId, detail);
    }

    private static byte[] readBounded(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new IOException("larger than " + max + " bytes");
            }
            return b;
        }
    }
}
