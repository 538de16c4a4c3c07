package io.recsys.examples.cli;

import static io.recsys.examples.cli.CliIT.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import io.recsys.provenance.testing.SealedFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The availability report over a log a real server wrote: the log carries microseconds
 * ({@code latency_us}) and the report's p95 is computed from them, so loopback requests that take
 * a fraction of a millisecond no longer print {@code P95 Latency: 0.000s}.
 */
class AvailabilityPrecisionIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void theReportsP95ComesFromTheLoggedMicroseconds() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        Path logs = temp.resolve("logs");
        try (RecsysServer server = RecsysServer.start(ServerOptions.builder(registry.root()).port(0)
                .bindAddress("127.0.0.1").provenanceLog(logs).build(), Map.of())) {
            HttpClient http = HttpClient.newHttpClient();
            for (int u = 0; u < 100; u++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/recommend/" + u + "?k=5")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
            }
        } // closing flushes the log

        List<Long> micros = new ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("provenance")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    JsonNode o = JSON.readTree(line);
                    assertThat(o.get("latency_ms").isInt()).as("the seeds' integer stays").isTrue();
                    micros.add(o.get("latency_us").asLong());
                }
            }
        }
        // the service's own time per request: microseconds, often under one millisecond (latency_ms 0)
        assertThat(micros).hasSize(100).allMatch(us -> us >= 0).anyMatch(us -> us > 0);
        List<Long> sorted = micros.stream().sorted().toList();
        double expectedP95Ms = sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1) / 1000.0; // nearest rank

        CliIT.Run json = cli("availability", "--log", logs.toString(), "--hours", "1", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode report = JSON.readTree(json.out());
        assertThat(report.get("total_requests").asLong()).isEqualTo(100);
        assertThat(report.get("malformed_lines").asLong()).as("the switch log beside it is not a request log").isZero();
        assertThat(report.get("p95_latency_ms").asDouble()).isEqualTo(expectedP95Ms);

        CliIT.Run text = cli("availability", "--log", logs.toString(), "--hours", "1");
        assertThat(text.out()).contains(String.format(java.util.Locale.ROOT, "P95 Latency:         %.6fs",
                expectedP95Ms / 1000.0));
    }
}
