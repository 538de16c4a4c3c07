package io.recsys.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.provenance.testing.SealedFixtures;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code MODEL_ADMIN_API_KEY} set, every admin endpoint refuses a request without the key or
 * with a wrong one (401), counts the refusal in {@code admin_auth_refused_total{reason}}, changes
 * nothing, and never writes the key (given or expected) to the log, an answer or the metrics.
 * (Refusal of non-loopback clients when no key is set is proven by {@code AdminGuardTest}: a
 * loopback-only test cannot connect from a non-loopback address.)
 */
class AdminRefusalIT {
    private static final String KEY = "k3y-Sup3r-s3cr3t-0123456789abcdef";
    private static final String WRONG = "w r o n g-" + KEY.substring(0, 10);

    @TempDir
    Path temp;

    private record Call(String method, String path, String body) {
    }

    private static final List<Call> ADMIN = List.of(
            new Call("GET", "/switch?model=v0.2", null),
            new Call("POST", "/rollout/update?strategy=canary&canary_version=v0.2&canary_percentage=50", ""),
            new Call("GET", "/admin/models", null),
            new Call("POST", "/admin/switch-model", "{\"version\": \"v0.2\", \"target\": \"all\"}"));

    private static HttpResponse<String> send(HttpClient client, RecsysServer server, Call c, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(Loopback.base(server) + c.path())).timeout(Duration.ofSeconds(20))
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void adminEndpointsRefuseMissingAndWrongKeysAndNeverLogTheKey() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        SealedFixtures.publishPopularity(registry, temp, 2000, 40, 200);
        PrintStream originalErr = System.err;
        var captured = new ByteArrayOutputStream();
        var bodies = new ArrayList<String>();
        String metrics;
        int missing = 0;
        int wrong = 0;
        // slf4j-simple writes to whatever System.err is at the time of each log call
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (RecsysServer server = Loopback.start(ServerOptions.builder(registry.root()).adminKey(KEY).build(),
                Map.of("MODEL_VERSION", "v0.1"))) {
            HttpClient client = Loopback.client();
            for (Call c : ADMIN) {
                List<String[]> noKey = List.of(new String[0], new String[] {"X-API-Key", ""},
                        new String[] {"Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + KEY).getBytes(StandardCharsets.UTF_8))},
                        new String[] {"Authorization", "Bearer "}, new String[] {"X-Api-Key-Typo", KEY});
                for (String[] h : noKey) {
                    HttpResponse<String> r = send(client, server, c, h);
                    assertThat(r.statusCode()).as(c + " " + String.join(" ", h)).isEqualTo(401);
                    bodies.add(r.body());
                    missing++;
                }
                List<String[]> wrongKey = List.of(new String[] {"X-API-Key", WRONG}, new String[] {"X-API-Key", KEY.toUpperCase()},
                        new String[] {"X-API-Key", KEY.substring(1)},
                        new String[] {"Authorization", "Bearer " + WRONG}, new String[] {"X-API-Key", KEY + "x"});
                for (String[] h : wrongKey) {
                    HttpResponse<String> r = send(client, server, c, h);
                    assertThat(r.statusCode()).as(c + " " + String.join(" ", h)).isEqualTo(401);
                    bodies.add(r.body());
                    wrong++;
                }
                // a key in the query string is not a credential (and would end up in access logs)
                String sep = c.path().contains("?") ? "&" : "?";
                HttpResponse<String> q = send(client, server, new Call(c.method(), c.path() + sep + "api_key=" + KEY, c.body()));
                assertThat(q.statusCode()).isEqualTo(401);
                bodies.add(q.body());
                missing++;
            }
            // nothing changed
            assertThat(server.service().activeVersion().toString()).isEqualTo("v0.1");
            assertThat(server.service().rolloutStatus().strategy()).isEqualTo("fixed");

            List<String> series = Loopback.series(client, server);
            assertThat(Loopback.metric(series, "admin_auth_refused_total{reason=\"missing_key\"}")).isEqualTo(missing);
            assertThat(Loopback.metric(series, "admin_auth_refused_total{reason=\"wrong_key\"}")).isEqualTo(wrong);

            // and the right key works, by header and by bearer token
            assertThat(send(client, server, ADMIN.get(0), "X-API-Key", KEY).statusCode()).isEqualTo(200);
            assertThat(send(client, server, ADMIN.get(2), "Authorization", "Bearer " + KEY).statusCode()).isEqualTo(200);
            assertThat(server.service().activeVersion().toString()).isEqualTo("v0.2");
            metrics = Loopback.get(client, server, "/metrics").body();
        } finally {
            System.setErr(originalErr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        originalErr.print(log);
        System.out.printf("AdminRefusal: %d refused without a key, %d with a wrong key; %d log lines captured%n",
                missing, wrong, log.lines().count());
        assertThat(log).contains("Refused admin request to /switch from /127.0.0.1", ": no key", ": wrong key");
        assertThat(log.lines().filter(l -> l.contains("Refused admin request"))).hasSize(missing + wrong);
        for (String secret : List.of(KEY, KEY.toUpperCase(), KEY.substring(1), WRONG, KEY.substring(4, 20))) {
            assertThat(log).as("log").doesNotContain(secret);
            assertThat(metrics).as("metrics").doesNotContain(secret);
            assertThat(bodies).as("answers").noneMatch(b -> b.contains(secret));
        }
    }
}
