package io.recsys.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import io.recsys.provenance.testing.SealedFixtures;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiment poisoning and trace theft through the public routes, replayed against a real server:
 * repeated feedback, feedback claiming another user's request, a reused {@code X-Request-ID}, and
 * reading or overwriting someone else's trace.
 */
class FeedbackIntegrityIT {
    @TempDir
    Path temp;

    private final HttpClient client = Loopback.client();
    private final ObjectMapper json = new ObjectMapper();

    private String feedback(RecsysServer server, long user, long item, String event, String requestId) throws Exception {
        String body = "{\"user_id\": " + user + ", \"item_id\": " + item + ", \"event\": \"" + event + "\""
                + (requestId == null ? "" : ", \"request_id\": \"" + requestId + "\"") + "}";
        HttpResponse<String> r = AdminHardeningIT.send(client, server, "POST", "/feedback", body, "Content-Type", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json.readTree(r.body()).get("attribution").asText();
    }

    private HttpResponse<String> recommend(RecsysServer server, long user, String... headers) throws Exception {
        HttpResponse<String> r = AdminHardeningIT.send(client, server, "GET", "/recommend/" + user, null, headers);
        assertThat(r.statusCode()).isEqualTo(200);
        return r;
    }

    /**
     * Attack: 20 feedback posts without a request id made a 5-request arm convert at 500%; a
     * request id of another user was accepted; resending an {@code X-Request-ID} reset duplicate
     * detection. Now: per (user, item, type) within the window once, never more conversions than
     * requests served to the user, and a request id counts only for the user it was served to.
     */
    @Test
    void feedbackCannotInflateConversions() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        try (RecsysServer server = Loopback.start(ServerOptions.builder(registry.root()).build(), Map.of())) {
            for (int i = 0; i < 5; i++) {
                recommend(server, 7);
            }
            Map<String, Integer> outcomes = new HashMap<>();
            for (int item = 1; item <= 20; item++) {
                outcomes.merge(feedback(server, 7, item, "convert", null), 1, Integer::sum);
            }
            assertThat(outcomes).containsEntry("by_user", 5).containsEntry("no_exposure", 15);
            assertThat(feedback(server, 7, 1, "convert", null)).isEqualTo("duplicate");

            String idOfUser7 = recommend(server, 7).headers().firstValue("X-Request-ID").orElseThrow();
            recommend(server, 8);
            assertThat(feedback(server, 8, 3, "click", idOfUser7)).isNotEqualTo("by_request");
            assertThat(feedback(server, 7, 3, "click", idOfUser7)).isEqualTo("by_request");

            recommend(server, 9, "X-Request-ID", "my-chosen-id-1");
            assertThat(feedback(server, 9, 4, "click", "my-chosen-id-1")).isEqualTo("by_request");
            recommend(server, 9, "X-Request-ID", "my-chosen-id-1");
            assertThat(feedback(server, 9, 5, "click", "my-chosen-id-1")).isEqualTo("duplicate");
        }
    }

    /**
     * Attack: anyone could read any trace by id, and overwrite an existing trace by sending a
     * request with the same {@code X-Request-ID}. Now a trace is written once; an id the server
     * issued is its own credential; a client-chosen id needs the admin key.
     */
    @Test
    void tracesAreWrittenOnceAndClientChosenIdsNeedTheKey() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        try (RecsysServer server = Loopback.start(ServerOptions.builder(registry.root()).build(), Map.of())) {
            recommend(server, 11, "X-Request-ID", "order-42");
            recommend(server, 12, "X-Request-ID", "order-42"); // the overwrite attempt
            HttpResponse<String> stranger = AdminHardeningIT.send(client, server, "GET", "/trace/order-42", null);
            assertThat(stranger.statusCode()).isEqualTo(401);
            HttpResponse<String> operator = AdminHardeningIT.send(client, server, "GET", "/trace/order-42", null,
                    "X-API-Key", Loopback.KEY);
            assertThat(operator.statusCode()).isEqualTo(200);
            assertThat(json.readTree(operator.body()).get("trace").get("user_id").asLong()).isEqualTo(11);
            assertThat(server.traceStore().duplicates()).isEqualTo(1);

            String issued = recommend(server, 13).headers().firstValue("X-Request-ID").orElseThrow();
            HttpResponse<String> own = AdminHardeningIT.send(client, server, "GET", "/trace/" + issued, null);
            assertThat(own.statusCode()).isEqualTo(200);
            assertThat(json.readTree(own.body()).get("trace").get("user_id").asLong()).isEqualTo(13);
            // a forged tag is a client-chosen id
            String forged = issued.substring(0, issued.lastIndexOf('.') + 1) + "AAAAAAAAAAAAAAAAAAAAAA";
            assertThat(AdminHardeningIT.send(client, server, "GET", "/trace/" + forged, null).statusCode()).isEqualTo(401);
        }
    }
}
