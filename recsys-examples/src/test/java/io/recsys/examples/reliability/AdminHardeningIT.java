package io.recsys.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import io.recsys.provenance.testing.SealedFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin routes against the attacks of a web page or a network client: a state change by
 * {@code HEAD}, cross-site requests, proxied requests passing as loopback, and a key that leaks
 * through {@code toString()}. Each test names the attack it replays against a real server.
 */
class AdminHardeningIT {
    static final String KEY = "hardening-key-0123456789abcdef";

    @TempDir
    Path temp;

    private FileSystemModelRegistry registry;
    private final HttpClient client = Loopback.client();

    @BeforeEach
    void publishTwoVersions() throws Exception {
        registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        SealedFixtures.publishPopularity(registry, temp, 2000, 40, 200);
    }

    private RecsysServer start() throws Exception {
        return Loopback.start(ServerOptions.builder(registry.root()).adminKey(KEY).build(), Map.of("MODEL_VERSION", "v0.2"));
    }

    static HttpResponse<String> send(HttpClient client, RecsysServer server, String method, String path, String body,
                                     String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(Loopback.base(server) + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Attack: {@code HEAD /switch?model=v0.1} was routed to the GET handler and switched the serving
     * version (a HEAD is "safe" to caches, link checkers and prefetchers, so it must change nothing).
     */
    @Test
    void headNeverRunsAnAdminSideEffect_butGetWithTheKeyStillSwitches() throws Exception {
        try (RecsysServer server = start()) {
            HttpResponse<String> head = send(client, server, "HEAD", "/switch?model=v0.1", null, "X-API-Key", KEY);
            assertThat(head.statusCode()).isEqualTo(405);
            assertThat(head.headers().firstValue("Allow")).hasValue("GET");
            assertThat(server.service().activeVersion()).hasToString("v0.2");
            // HEAD of a public GET route still answers like its GET (no body)
            assertThat(send(client, server, "HEAD", "/healthz", null).statusCode()).isEqualTo(200);
            // the seeds' GET /switch keeps working for a client with the key
            assertThat(send(client, server, "GET", "/switch?model=v0.1", null, "X-API-Key", KEY).statusCode()).isEqualTo(200);
            assertThat(server.service().activeVersion()).hasToString("v0.1");
        }
    }

    /**
     * Attack: a page the operator opens posts to {@code /admin/switch-model} (a CSRF with a foreign
     * {@code Origin}, or a DNS-rebinding name in {@code Host}, with {@code text/plain} so no preflight
     * runs). It got 200; now every cross-site shape gets 403 naming the header, even with the key
     * (a browser may hold it in a same-site tool), and nothing changes.
     */
    @Test
    void crossSiteAdminRequestsAreRefusedWith403() throws Exception {
        try (RecsysServer server = start()) {
            String body = "{\"version\": \"v0.1\", \"target\": \"all\"}";
            HttpResponse<String> origin = send(client, server, "POST", "/admin/switch-model", body,
                    "X-API-Key", KEY, "Origin", "http://evil.example", "Content-Type", "text/plain");
            assertThat(origin.statusCode()).isEqualTo(403);
            assertThat(origin.body()).contains("\"error\":\"cross_site_request\"").contains("Origin");
            assertThat(send(client, server, "POST", "/admin/switch-model", body, "X-API-Key", KEY, "Origin", "null")
                    .statusCode()).isEqualTo(403);
            for (String site : new String[] {"cross-site", "same-site"}) {
                HttpResponse<String> r = send(client, server, "POST", "/rollout/update?canary_percentage=50", "",
                        "X-API-Key", KEY, "Sec-Fetch-Site", site);
                assertThat(r.statusCode()).as(site).isEqualTo(403);
                assertThat(r.body()).contains("Sec-Fetch-Site");
            }
            RawHttp.Answer rebound = RawHttp.exchange(server.port(), "POST /admin/switch-model HTTP/1.1\r\nHost: rebind.evil.example:"
                    + server.port() + "\r\nX-API-Key: " + KEY + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body, Duration.ofSeconds(20));
            assertThat(rebound.status()).isEqualTo(403);
            assertThat(rebound.body()).contains("cross_site_request").contains("Host");
            assertThat(server.service().activeVersion()).hasToString("v0.2");
            assertThat(server.service().rolloutStatus().strategy()).isEqualTo("fixed");

            // the server's own origin, localhost and a same-origin fetch pass
            assertThat(send(client, server, "GET", "/admin/models", null, "X-API-Key", KEY,
                    "Origin", Loopback.base(server), "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(200);
            RawHttp.Answer localhost = RawHttp.exchange(server.port(), "GET /admin/models HTTP/1.1\r\nHost: localhost:"
                    + server.port() + "\r\nX-API-Key: " + KEY + "\r\nConnection: close\r\n\r\n", Duration.ofSeconds(20));
            assertThat(localhost.status()).isEqualTo(200);
            assertThat(send(client, server, "POST", "/admin/switch-model", body, "X-API-Key", KEY).statusCode()).isEqualTo(200);
            assertThat(server.service().activeVersion()).hasToString("v0.1");
        }
    }

    /**
     * Attack: a reverse proxy or port-forward on the server's host made every network client look
     * like loopback, so with no key configured anyone got admin. A request naming a proxy hop never
     * counts as loopback. (Since the server always has a key, such a request gets 401; the
     * loopback rule itself is unit-tested in {@code AdminGuardTest}.)
     */
    @Test
    void proxiedRequestsNeverCountAsLoopback() throws Exception {
        try (RecsysServer server = Loopback.start(ServerOptions.builder(registry.root()).build(),
                Map.of("MODEL_VERSION", "v0.2"))) {
            for (String[] h : new String[][] {{"X-Forwarded-For", "203.0.113.9"}, {"Forwarded", "for=203.0.113.9"},
                    {"Via", "1.1 proxy"}}) {
                HttpResponse<String> r = send(client, server, "GET", "/switch?model=v0.1", null, h);
                assertThat(r.statusCode()).as(h[0]).isIn(401, 403);
                assertThat(r.body()).contains("\"error\"");
            }
            assertThat(server.service().activeVersion()).hasToString("v0.2");
        }
    }

    /**
     * Attack: with no {@code MODEL_ADMIN_API_KEY} the admin routes were open to every loopback
     * client, so any local process (or a proxy) could switch models. Now the server generates a key
     * into a 0600 file, reuses it across restarts, logs where it is but never the key, and answers
     * 401 with {@code WWW-Authenticate} without it.
     */
    @Test
    void withoutAConfiguredKeyTheServerGeneratesOneAndRequiresIt() throws Exception {
        ServerOptions options = ServerOptions.builder(registry.root()).port(0).bindAddress("127.0.0.1").build();
        java.io.PrintStream originalErr = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        String key;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try (RecsysServer server = RecsysServer.start(options, Map.of("MODEL_VERSION", "v0.2"))) {
            Path file = server.adminKeyFile();
            assertThat(file).isEqualTo(registry.root().resolve("admin.key"));
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            key = java.nio.file.Files.readString(file).trim();
            assertThat(key).hasSizeGreaterThanOrEqualTo(40);

            HttpResponse<String> none = send(client, server, "GET", "/switch?model=v0.1", null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(send(client, server, "POST", "/admin/switch-model", "{\"version\":\"v0.1\"}").statusCode()).isEqualTo(401);
            assertThat(server.service().activeVersion()).hasToString("v0.2");

            assertThat(send(client, server, "GET", "/switch?model=v0.1", null, "X-API-Key", key).statusCode()).isEqualTo(200);
            assertThat(send(client, server, "GET", "/switch?model=v0.2", null, "Authorization", "Bearer " + key).statusCode())
                    .isEqualTo(200);
            assertThat(send(client, server, "GET", "/switch?model=v0.1", null, "MODEL_ADMIN_API_KEY", key).statusCode())
                    .isEqualTo(200);
        } finally {
            System.setErr(originalErr);
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        originalErr.print(log);
        assertThat(log).contains(registry.root().resolve("admin.key").toString()).doesNotContain(key);

        // a restart reuses the key
        try (RecsysServer again = RecsysServer.start(options, Map.of())) {
            assertThat(java.nio.file.Files.readString(again.adminKeyFile()).trim()).isEqualTo(key);
            assertThat(send(client, again, "GET", "/admin/models", null, "X-API-Key", key).statusCode()).isEqualTo(200);
        }
        // a key file others can read is refused: the key may be known
        java.nio.file.Files.setPosixFilePermissions(registry.root().resolve("admin.key"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecsysServer.start(options, Map.of()))
                .hasMessageContaining("readable by other users");
    }

    /** Attack: the settings' {@code toString()} (logged at start-up, shown in errors) printed the admin key. */
    @Test
    void serverOptionsNeverPrintTheKey() {
        ServerOptions options = ServerOptions.builder(registry.root()).adminKey(KEY).build();
        assertThat(options.toString()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 12)).contains("redacted");
        assertThat(ServerOptions.builder(registry.root()).build().toString()).contains("adminKey=null");
    }
}
