package io.recsys.examples.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protects admin endpoints. With a key configured ({@code MODEL_ADMIN_API_KEY}) a request must
 * send it as {@code X-API-Key} or {@code Authorization: Bearer ...}; keys are compared in constant
 * time (SHA-256 of both, then {@link MessageDigest#isEqual}). Without a key only loopback clients
 * are answered. Refusals are counted in {@code admin_auth_refused_total{reason}} and logged without
 * the key.
 */
final class AdminGuard {
    private static final Logger LOG = LoggerFactory.getLogger(AdminGuard.class);

    private static final String REFUSED_HELP = "Admin requests refused, by reason (the key is never logged)";

    /** Headers a proxy adds: a request carrying one is never treated as coming from loopback. */
    static final java.util.List<String> PROXY_HEADERS = java.util.List.of("Forwarded", "X-Forwarded-For", "Via");

    private final byte[] keyHash;
    private final Counter missing;
    private final Counter wrong;
    private final Counter remote;

    AdminGuard(String key, MeterRegistry meters) {
        this.keyHash = key == null || key.isEmpty() ? null : sha256(key);
        this.missing = Counter.builder("admin.auth.refused").tag("reason", "missing_key")
                .description(REFUSED_HELP).register(meters);
        this.wrong = Counter.builder("admin.auth.refused").tag("reason", "wrong_key")
                .description(REFUSED_HELP).register(meters);
        this.remote = Counter.builder("admin.auth.refused").tag("reason", "not_loopback")
                .description(REFUSED_HELP).register(meters);
    }

    boolean keyConfigured() {
        return keyHash != null;
    }

    void check(Request request) {
        boolean proxied = PROXY_HEADERS.stream().anyMatch(h -> request.header(h) != null);
        check(request.header("X-API-Key"), request.header("Authorization"), request.remote().getAddress(), proxied,
                request.path);
    }

    void check(String apiKeyHeader, String authorization, InetAddress client, String path) {
        check(apiKeyHeader, authorization, client, false, path);
    }

    /**
     * @param proxied whether the request names a proxy hop ({@code Forwarded}, {@code X-Forwarded-For},
     *     {@code Via}): a proxy or port-forward on this host would otherwise make every client loopback
     */
    void check(String apiKeyHeader, String authorization, InetAddress client, boolean proxied, String path) {
        if (keyHash == null) {
            if (client == null || !client.isLoopbackAddress() || proxied) {
                remote.increment();
                LOG.warn("Refused admin request to {} from non-loopback or proxied client {} (no MODEL_ADMIN_API_KEY set)",
                        Router.sanitize(path), client);
                throw new ApiException(403, "forbidden",
                        "Admin endpoints answer only direct loopback clients (not through a proxy) unless MODEL_ADMIN_API_KEY is set");
            }
            return;
        }
        String given = apiKeyHeader;
        if (given == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = authorization.substring(7).trim();
        }
        if (given == null || given.isEmpty()) {
            missing.increment();
            LOG.warn("Refused admin request to {} from {}: no key", Router.sanitize(path), client);
            throw new ApiException(401, "unauthorized", "Admin key required (X-API-Key header or Authorization: Bearer)");
        }
        if (!MessageDigest.isEqual(keyHash, sha256(given))) {
            wrong.increment();
            LOG.warn("Refused admin request to {} from {}: wrong key", Router.sanitize(path), client);
            throw new ApiException(401, "unauthorized", "Admin key is not valid");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
