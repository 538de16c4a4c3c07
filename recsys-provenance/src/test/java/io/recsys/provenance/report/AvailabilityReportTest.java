package io.recsys.provenance.report;

import io.recsys.provenance.Json;
import io.recsys.provenance.TestRecords;
import io.recsys.provenance.sink.ProvenanceJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvailabilityReportTest {
    private static final Instant NOW = Instant.parse("2025-11-19T12:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(72);
    private static final long START = NOW.minus(WINDOW).toEpochMilli();

    @TempDir
    Path temp;

    private Path logs;

    private static String line(String id, long ts, int status, int latency) {
        // the log may hold any status a transport wrote (201, 404 ...), not only those of the library's outcomes
        var json = ProvenanceJson.toJson(TestRecords.record(id, ts, 1, status, latency));
        json.put("status", status);
        return json.toString();
    }

    @BeforeEach
    void writeLogs() throws Exception {
        logs = Files.createDirectories(temp.resolve("logs"));
        var a = new ArrayList<String>();
        long mid = START + Duration.ofHours(30).toMillis();
        for (int i = 1; i <= 8; i++) {
            a.add(line("ok" + i, mid + i, 200, i * 10));            // latencies 10..80
        }
        a.add(line("e500", mid + 20, 500, 100));
        a.add("not json at all");
        a.add("{\"ts\": \"abc\", \"status\": 200}");
        a.add("");
        a.add("[1, 2]");
        Files.write(logs.resolve("provenance-2025-11-17.jsonl"), a);
        Files.write(logs.resolve("provenance-2025-11-18.jsonl"), List.of(
                line("e404", mid + 30, 404, 200),
                line("at-start", START, 201, 5),                      // included: the window starts here
                line("before", START - 1, 500, 1),                    // outside
                line("at-end", NOW.toEpochMilli(), 500, 1),            // outside: the window ends before now
                "{\"ts\": 1, \"status\": 200, \"latency_ms\": \"slow\"}"));
        // an old dated file is not even opened (it would add malformed lines)
        Files.write(logs.resolve("provenance-2025-01-01.jsonl"), List.of("garbage", "garbage"));
    }

    @Test
    void subMillisecondLatenciesKeepTheirPrecisionAndOldLinesFallBackToMilliseconds() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("precise"));
        long mid = START + Duration.ofHours(1).toMillis();
        var lines = new ArrayList<String>();
        for (int i = 1; i <= 20; i++) {
            // 0.05 ms .. 1.0 ms: each is 0 or 1 in whole milliseconds
            lines.add(ProvenanceJson.toJson(TestRecords.record("fast" + i, mid + i, 1, 200, i * 0.05)).toString());
        }
        Files.write(dir.resolve("provenance-2025-11-18.jsonl"), lines);
        AvailabilityReport precise = AvailabilityReport.compute(dir, WINDOW, NOW);
        assertThat(precise.p95LatencyMs()).isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(precise.toText()).contains("P95 Latency:         0.000950s");

        // a log written before latency_us existed: whole milliseconds, as written
        var old = new ArrayList<String>();
        for (String l : lines) {
            var json = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(l);
            json.remove("latency_us");
            old.add(json.toString());
        }
        Files.write(dir.resolve("provenance-2025-11-18.jsonl"), old);
        assertThat(AvailabilityReport.compute(dir, WINDOW, NOW).p95LatencyMs()).isEqualTo(1.0);
    }

    @Test
    void compute_countsTheWindowExactly() throws Exception {
        AvailabilityReport r = AvailabilityReport.compute(logs, WINDOW, NOW);
        assertThat(r.windowStart()).isEqualTo(Instant.parse("2025-11-16T12:00:00Z"));
        assertThat(r.windowEnd()).isEqualTo(NOW);
        assertThat(r.windowHours()).isEqualTo(72.0);
        assertThat(r.totalRequests()).isEqualTo(11);
        assertThat(r.successfulRequests()).isEqualTo(9);
        assertThat(r.errorRequests()).isEqualTo(2);
        assertThat(r.availabilityPercent()).isCloseTo(9 * 100.0 / 11, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.p95LatencyMs()).isEqualTo(200.0); // nearest rank: ceil(0.95 * 11) = 11th of 11
        assertThat(r.statusCounts()).containsEntry("200", 8L).containsEntry("201", 1L).containsEntry("404", 1L)
                .containsEntry("500", 1L);
        assertThat(r.linesOutsideWindow()).isEqualTo(2);
        assertThat(r.malformedLines()).isEqualTo(4);
        assertThat(r.malformedExamples()).containsExactly(
                "provenance-2025-11-17.jsonl:10: not JSON",
                "provenance-2025-11-17.jsonl:11: missing or non-integer ts",
                "provenance-2025-11-17.jsonl:13: not a JSON object",
                "provenance-2025-11-18.jsonl:5: non-numeric latency_ms");
        assertThat(r.filesRead()).isEqualTo(2);
        assertThat(r.status()).isEqualTo("PASS");
        assertThat(r.passed()).isTrue();
        assertThat(r.marginPoints()).isCloseTo(900.0 / 11 - 70, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void toText_isTheSeedsReport() throws Exception {
        String text = AvailabilityReport.compute(logs, WINDOW, NOW).toText();
        assertThat(text).contains("API AVAILABILITY REPORT", "Time Window:", "  Start:     2025-11-16T12:00:00Z",
                "  End:       2025-11-19T12:00:00Z", "  Duration:  72.0 hours", "Request Metrics:",
                "  Total Requests:      11", "  Successful (2xx):    9", "  Errors (non-2xx):    2",
                "  Availability:        81.82%", "  P95 Latency:         0.200000s", "SLO Compliance:",
                "  Required:            ≥70%", "  Status:              PASS",
                "  Margin:              +11.82 percentage points", "  Malformed (skipped): 4",
                "The API meets the ≥70% availability requirement!");
        // the box is aligned
        String[] box = text.split("\n");
        assertThat(box[0].length()).isEqualTo(box[1].length()).isEqualTo(box[2].length());
    }

    @Test
    void compute_failsBelowTheThreshold_andReadsASingleFile() throws Exception {
        AvailabilityReport r = AvailabilityReport.compute(logs.resolve("provenance-2025-11-18.jsonl"), WINDOW, NOW, 90);
        assertThat(r.totalRequests()).isEqualTo(2);
        assertThat(r.availabilityPercent()).isEqualTo(50.0);
        assertThat(r.status()).isEqualTo("FAIL");
        assertThat(r.toText()).contains("  Margin:              -40.00 percentage points", "does NOT meet the ≥90%");
        assertThatThrownBy(() -> AvailabilityReport.compute(temp.resolve("missing.jsonl"), WINDOW, NOW))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> AvailabilityReport.compute(logs, WINDOW, NOW, 170))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyWindow_hasNoDataInsteadOfNaN() throws Exception {
        AvailabilityReport r = AvailabilityReport.compute(logs, Duration.ofHours(1), Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(r.totalRequests()).isZero();
        assertThat(r.availabilityPercent()).isNull();
        assertThat(r.p95LatencyMs()).isNull();
        assertThat(r.status()).isEqualTo("NO DATA");
        assertThat(r.passed()).isNull();
        JsonNode json = Json.MAPPER.readTree(r.toJson());
        assertThat(json.get("availability_percent").isNull()).isTrue();
        assertThat(json.get("status").asText()).isEqualTo("NO DATA");
        assertThat(r.toJson()).doesNotContain("NaN");
        assertThat(r.toText()).contains("  Availability:        n/a", "  Status:              NO DATA")
                .doesNotContain("NaN").doesNotContain("Margin");
    }

    @Test
    void toJson_carriesEveryFigure() throws Exception {
        JsonNode json = Json.MAPPER.readTree(AvailabilityReport.compute(logs, WINDOW, NOW).toJson());
        assertThat(json.get("window_start").asText()).isEqualTo("2025-11-16T12:00:00Z");
        assertThat(json.get("total_requests").asLong()).isEqualTo(11);
        assertThat(json.get("malformed_lines").asLong()).isEqualTo(4);
        assertThat(json.get("malformed_examples")).hasSize(4);
        assertThat(json.get("status").asText()).isEqualTo("PASS");
        assertThat(json.get("p95_latency_ms").asDouble()).isEqualTo(200.0);
    }
}
