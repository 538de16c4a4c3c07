package io.recsys.core.signing;

import io.recsys.core.RecsysException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 key files in PEM form: {@code PRIVATE KEY} (PKCS#8) and {@code PUBLIC KEY} (X.509
 * SubjectPublicKeyInfo), as {@code openssl genpkey -algorithm ed25519} writes them. A key's id is
 * the first 16 hex digits of the SHA-256 of its public key's encoding: it names a key without
 * revealing anything about it.
 */
public final class SigningKeys {
    /** The signature algorithm. */
    public static final String ALGORITHM = "Ed25519";
    /** Largest key file read (a PEM Ed25519 key is about 120 bytes). */
    static final int MAX_KEY_FILE_BYTES = 4096;

    private SigningKeys() {
    }

    /**
     * Generates a key pair and writes {@code <prefix>.key} (owner read/write only, where the file
     * system supports POSIX permissions) and {@code <prefix>.pub}. Never overwrites a file.
     *
     * @param privateKeyFile where the private key goes
     * @param publicKeyFile where the public key goes
     * @return the new key's id
     * @throws IOException when a file exists already or cannot be written
     */
    public static String generate(Path privateKeyFile, Path publicKeyFile) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no " + ALGORITHM + " provider", e);
        }
        if (Files.exists(privateKeyFile)) {
            throw new FileAlreadyExistsException(privateKeyFile.toString(), null, "refusing to overwrite a key");
        }
        if (Files.exists(publicKeyFile)) {
            throw new FileAlreadyExistsException(publicKeyFile.toString(), null, "refusing to overwrite a key");
        }
        byte[] priv = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
        try {
            Files.createFile(privateKeyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(privateKeyFile);
        }
        Files.write(privateKeyFile, priv, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
        Files.write(publicKeyFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.SYNC);
        return keyId(pair.getPublic());
    }

    /**
     * @param file a PEM {@code PRIVATE KEY} file holding an Ed25519 key
     * @return the key
     * @throws InvalidKeyFileException when the file cannot be read or holds no Ed25519 private key
     */
    public static PrivateKey readPrivateKey(Path file) {
        byte[] der = readPem(file, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyFileException(file.getFileName() + " does not hold an Ed25519 private key");
        }
    }

    /**
     * @param file a PEM {@code PUBLIC KEY} file holding an Ed25519 key
     * @return the key
     * @throws InvalidKeyFileException when the file cannot be read or holds no Ed25519 public key
     */
    public static PublicKey readPublicKey(Path file) {
        byte[] der = readPem(file, "PUBLIC KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyFileException(file.getFileName() + " does not hold an Ed25519 public key");
        }
    }

    /**
     * @param key a public key
     * @return its id: the first 16 hex digits of the SHA-256 of its encoding
     */
    public static String keyId(PublicKey key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] readPem(Path file, String type) {
        String text;
        try {
            if (Files.size(file) > MAX_KEY_FILE_BYTES) {
                throw new InvalidKeyFileException(file.getFileName() + " is too large to be a key file");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidKeyFileException("Cannot read key file " + file.getFileName() + ": "
                    + e.getClass().getSimpleName());
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new InvalidKeyFileException(file.getFileName() + " is not a PEM " + type + " file");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new InvalidKeyFileException(file.getFileName() + " holds malformed base64");
        }
    }

    /** A key file that cannot be used; the message names the file, never its content. */
    public static final class InvalidKeyFileException extends RecsysException {
        private static final long serialVersionUID = 1L;

        /** @param message what is wrong */
        public InvalidKeyFileException(String message) {
            super(message);
        }
    }
}
