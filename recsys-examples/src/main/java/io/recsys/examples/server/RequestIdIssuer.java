package io.recsys.examples.server;

import io.recsys.core.RandomIds;
import io.recsys.provenance.RequestIds;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues request ids the server can recognise as its own: a random UUID, a dot and an HMAC-SHA256
 * tag (16 bytes, URL-safe Base64) under a key made at start-up. Only the client that received an
 * issued id (in {@code X-Request-ID}) knows it, so it may read its trace without the admin key: the
 * tag is what no one else can compute, so the UUID only has to be unique ({@link RandomIds}, no
 * shared {@code SecureRandom} on the request path), and each thread keeps its own keyed MAC. An
 * id a client chose itself proves nothing (another client may know or guess it), so reading its
 * trace takes the admin key. Traces live in memory, so a key that changes with each process is
 * enough.
 */
final class RequestIdIssuer {
    private static final int TAG_BYTES = 16;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    RequestIdIssuer() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac(); // fail at start-up, not on the first request, when HmacSHA256 is missing
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** @return a new id of the form {@code <uuid>.<tag>} (59 characters, valid for {@link RequestIds}) */
    String issue() {
        String base = RandomIds.uuid();
        return base + "." + tag(base);
    }

    /** @return the client's id when valid, else a newly issued one */
    String accept(String incoming) {
        return RequestIds.isValid(incoming) ? incoming : issue();
    }

    /** @return whether {@code id} was issued by this server (constant-time tag comparison) */
    boolean issued(String id) {
        int dot = id == null ? -1 : id.lastIndexOf('.');
        if (dot <= 0) {
            return false;
        }
        byte[] expected = tag(id.substring(0, dot)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, id.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String tag(String base) {
        // doFinal leaves the MAC reset for the next id
        byte[] full = macs.get().doFinal(base.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, TAG_BYTES));
    }
}
