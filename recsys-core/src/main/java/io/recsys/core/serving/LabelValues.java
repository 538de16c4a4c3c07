package io.recsys.core.serving;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Metric label values that stay bounded without being cut silently. Cardinality is bounded by
 * what may become a label (versions that exist, the versions serving), never by cutting values;
 * only length is bounded here: a value of at most {@link #MAX_LENGTH} characters is kept whole
 * (a SHA-256 in hex is 64), a longer one keeps its first characters, then {@code ~} and 20 hex
 * digits of the SHA-256 of the whole value, so two different long values never share a label and
 * the mark shows that the value was shortened. The whole value is in the version's metadata
 * ({@code /admin/models}, {@code /switch}).
 */
final class LabelValues {
    /** The longest label value kept whole. */
    static final int MAX_LENGTH = 64;
    private static final int HASH_HEX = 20;

    private LabelValues() {
    }

    /**
     * @param value a label value, may be null
     * @return the value whole when short enough ({@code ""} for null), else prefix {@code ~} hash,
     *     exactly {@link #MAX_LENGTH} characters
     */
    static String bounded(String value) {
        if (value == null) {
            return "";
        }
        if (value.length() <= MAX_LENGTH) {
            return value;
        }
        String hash = HexFormat.of().formatHex(sha256(value)).substring(0, HASH_HEX);
        return value.substring(0, MAX_LENGTH - HASH_HEX - 1) + "~" + hash;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
