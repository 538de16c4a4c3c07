package io.recsys.core.signing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs a version's {@code meta.json} at publication. The private key stays outside the registry;
 * only the signature file ({@value #SIGNATURE_FILE}) is written beside {@code meta.json}.
 */
public final class VersionSigner {
    /** The signature's file name inside a version directory. */
    public static final String SIGNATURE_FILE = "signature.json";

    private final PrivateKey key;
    private final String keyId;

    private VersionSigner(PrivateKey key, String keyId) {
        this.key = Objects.requireNonNull(key, "key");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
    }

    /**
     * Loads a signing key written by {@link SigningKeys#generate}: the private key file and its
     * public key beside it (same name, extension {@code .pub}), which gives the key id.
     *
     * @param privateKeyFile the PEM private key, e.g. {@code release.key}
     * @return the signer
     * @throws SigningKeys.InvalidKeyFileException when either file is missing or malformed, or they
     *     are not one pair
     */
    public static VersionSigner fromFile(Path privateKeyFile) {
        PrivateKey priv = SigningKeys.readPrivateKey(privateKeyFile);
        Path pub = publicKeyFileOf(privateKeyFile);
        if (!Files.isRegularFile(pub)) {
            throw new SigningKeys.InvalidKeyFileException("The public key " + pub.getFileName()
                    + " must sit beside " + privateKeyFile.getFileName() + " (recsys keygen writes both)");
        }
        PublicKey publicKey = SigningKeys.readPublicKey(pub);
        VersionSigner signer = new VersionSigner(priv, SigningKeys.keyId(publicKey));
        byte[] probe = "recsys key pair check".getBytes(StandardCharsets.US_ASCII);
        if (!SignatureCheck.verifies(publicKey, probe, signer.sign(probe))) {
            throw new SigningKeys.InvalidKeyFileException(privateKeyFile.getFileName() + " and " + pub.getFileName()
                    + " are not one key pair");
        }
        return signer;
    }

    /**
     * @param privateKeyFile a private key file
     * @return where its public key is expected: the same name with extension {@code .pub}
     */
    public static Path publicKeyFileOf(Path privateKeyFile) {
        String name = privateKeyFile.getFileName().toString();
        String base = name.endsWith(".key") ? name.substring(0, name.length() - 4) : name;
        return privateKeyFile.resolveSibling(base + ".pub");
    }

    /** @return the id of the key pair (see {@link SigningKeys#keyId}) */
    public String keyId() {
        return keyId;
    }

    /**
     * @param metaJson the exact bytes of a version's {@code meta.json}
     * @return the content of the signature file for them
     */
    public byte[] signatureFile(byte[] metaJson) {
        String sig = Base64.getEncoder().encodeToString(sign(metaJson));
        return ("{\n  \"algorithm\" : \"" + SigningKeys.ALGORITHM + "\",\n  \"key_id\" : \"" + keyId
                + "\",\n  \"signed_file\" : \"meta.json\",\n  \"signature\" : \"" + sig + "\"\n}\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance(SigningKeys.ALGORITHM);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Signing failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return "VersionSigner[keyId=" + keyId + "]";
    }
}
