package io.recsys.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import io.recsys.examples.testing.SealedFixtures;
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
}
