package io.recsys.provenance.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.recsys.provenance.sink.JsonLinesSink;
import io.recsys.provenance.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API availability over a time window, computed from the JSON-lines request log written by
 * {@link JsonLinesSink} (milestone report, section 7): availability = successful (2xx) requests /
 * all requests × 100, compared with a threshold (default 70%).
 *
 * <p>A request is in the window when {@code windowStart <= ts < windowEnd} ({@code ts} is the
 * request's start, epoch ms). A line counts as malformed, and is skipped, counted and reported,
 * when it is not a JSON object, lacks an integral {@code ts} or {@code status}, or has a
 * non-numeric {@code latency_ms} or {@code latency_us}; blank lines are ignored. A line's latency is
 * its {@code latency_us} (microseconds) when present, else its {@code latency_ms} (whole
 * milliseconds, as older logs and the seeds write it), so sub-millisecond percentiles are not
 * rounded to 0. The p95 latency is the nearest-rank
 * 95th percentile (the smallest latency with at least 95% of requests at or below it) of the
 * window's requests. A window without requests has availability and p95 {@code null}
 * ({@code n/a} in text) and status {@code NO DATA}: neither a pass nor a fail.
 *
 * @param windowStart start of the window (inclusive)
 * @param windowEnd end of the window (exclusive)
 * @param totalRequests requests in the window
 * @param successfulRequests 2xx requests in the window
 * @param errorRequests other requests in the window
 * @param availabilityPercent successful / total × 100, or null without requests
 * @param p95LatencyMs p95 latency in ms, or null without latencies
 * @param thresholdPercent the required availability
 * @param statusCounts requests in the window by status code
 * @param filesRead log files read
 * @param linesOutsideWindow well-formed lines outside the window
 * @param malformedLines lines skipped as malformed
 * @param malformedExamples up to 10 of them, as {@code file:line: reason}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"status", "passed", "window_start", "window_end", "window_hours", "total_requests",
        "successful_requests", "error_requests", "availability_percent", "p95_latency_ms", "threshold_percent",
        "margin_points", "status_counts", "files_read", "lines_outside_window", "malformed_lines",
        "malformed_examples"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AvailabilityReport(
        Instant windowStart,
        Instant windowEnd,
        long totalRequests,
        long successfulRequests,
        long errorRequests,
        Double availabilityPercent,
        Double p95LatencyMs,
        double thresholdPercent,
        Map<String, Long> statusCounts,
        int filesRead,
        long linesOutsideWindow,
        long malformedLines,
        List<String> malformedExamples) {

    /** Default required availability, percent. */
    public static final double DEFAULT_THRESHOLD = 70.0;

    /** Status when the window holds no requests. */
    public static final String NO_DATA = "NO DATA";

    private static final int MAX_EXAMPLES = 10;
    private static final Pattern DATED = Pattern.compile(".*-(\\d{4}-\\d{2}-\\d{2})(?:-\\d+)?\\.jsonl");

    /** Copies the collections. */
    public AvailabilityReport {
        statusCounts = Collections.unmodifiableMap(new TreeMap<>(statusCounts));
        malformedExamples = List.copyOf(malformedExamples);
    }

    /**
     * @param jsonlFileOrDir a log file, or a directory whose {@code *.jsonl} files are read
     * @param window the window length, ending at {@code now}
     * @param now the end of the window
     * @return the report against the default 70% threshold
     * @throws IOException when the log cannot be read
     */
    public static AvailabilityReport compute(Path jsonlFileOrDir, Duration window, Instant now) throws IOException {
        return compute(jsonlFileOrDir, window, now, DEFAULT_THRESHOLD);
    }

    /**
     * @param jsonlFileOrDir a log file, or a directory whose {@code *.jsonl} files are read (files
     *     named {@code <prefix>-YYYY-MM-DD[-n].jsonl} more than a day outside the window are skipped)
     * @param window the window length, ending at {@code now}, positive
     * @param now the end of the window (exclusive)
     * @param thresholdPercent the required availability, in [0, 100]
     * @return the report
     * @throws IOException when the log cannot be read
     */
    public static AvailabilityReport compute(Path jsonlFileOrDir, Duration window, Instant now, double thresholdPercent)
            throws IOException {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("The window must be positive, got " + window);
        }
        if (!(thresholdPercent >= 0 && thresholdPercent <= 100)) {
            throw new IllegalArgumentException("The threshold is a percentage in [0, 100], got " + thresholdPercent);
        }
        Instant start = now.minus(window);
        var acc = new Accumulator(start.toEpochMilli(), now.toEpochMilli());
        for (Path file : files(jsonlFileOrDir, start, now)) {
            acc.read(file);
        }
        return acc.report(start, now, thresholdPercent);
    }

    private static List<Path> files(Path p, Instant start, Instant end) throws IOException {
        if (!Files.isDirectory(p)) {
            if (!Files.exists(p)) {
                throw new java.nio.file.NoSuchFileException(p.toString(), null, "no such request log");
            }
            return List.of(p);
        }
        LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC).minusDays(1);
        LocalDate last = LocalDate.ofInstant(end, ZoneOffset.UTC).plusDays(1);
        var out = new ArrayList<Path>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p, "*.jsonl")) {
            for (Path f : ds) {
                if (!Files.isRegularFile(f) || f.getFileName().toString().equals(SwitchEventLog.FILE_NAME)) {
                    continue; // the switch log sits beside the request logs and is not one
                }
                Matcher m = DATED.matcher(f.getFileName().toString());
                if (m.matches()) {
                    try {
                        LocalDate d = LocalDate.parse(m.group(1));
                        if (d.isBefore(first) || d.isAfter(last)) {
                            continue;
                        }
                    } catch (java.time.format.DateTimeParseException e) {
                        // not a date after all: read the file
                    }
                }
                out.add(f);
            }
        }
        out.sort(null);
        return out;
    }

    /** Counts one pass over the log lines. */
    private static final class Accumulator {
        final long from;
        final long to;
        long total;
        long ok;
        long outside;
        long malformed;
        int files;
        final List<String> examples = new ArrayList<>();
        final Map<String, Long> byStatus = new TreeMap<>();
        double[] latencies = new double[1024];
        int nLatencies;

        Accumulator(long from, long to) {
            this.from = from;
            this.to = to;
        }

        void read(Path file) throws IOException {
            files++;
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                long n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String problem = line(line);
                    if (problem != null) {
                        malformed++;
                        if (examples.size() < MAX_EXAMPLES) {
                            examples.add(file.getFileName() + ":" + n + ": " + problem);
                        }
                    }
                }
            }
        }

        /** @return null when the line was counted, else why it is malformed */
        String line(String line) {
            JsonNode o;
            try {
                o = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                return "not JSON";
            }
            if (o == null || !o.isObject()) {
                return "not a JSON object";
            }
            JsonNode ts = o.get("ts");
            JsonNode status = o.get("status");
            JsonNode latency = o.get("latency_ms");
            JsonNode micros = o.get("latency_us");
            if (ts == null || !ts.isIntegralNumber() || !ts.canConvertToLong()) {
                return "missing or non-integer ts";
            }
            if (status == null || !status.isIntegralNumber() || !status.canConvertToInt()) {
                return "missing or non-integer status";
            }
            if (latency != null && !latency.isNull() && !latency.isNumber()) {
                return "non-numeric latency_ms";
            }
            if (micros != null && !micros.isNull() && !micros.isNumber()) {
                return "non-numeric latency_us";
            }
            long t = ts.longValue();
            if (t < from || t >= to) {
                outside++;
                return null;
            }
            total++;
            int s = status.intValue();
            if (s >= 200 && s < 300) {
                ok++;
            }
            byStatus.merge(Integer.toString(s), 1L, Long::sum);
            Double ms = micros != null && micros.isNumber() ? micros.doubleValue() / 1000.0
                    : latency != null && latency.isNumber() ? latency.doubleValue() : null;
            if (ms != null) {
                if (nLatencies == latencies.length) {
                    latencies = Arrays.copyOf(latencies, nLatencies * 2);
                }
                latencies[nLatencies++] = ms;
            }
            return null;
        }

        AvailabilityReport report(Instant start, Instant end, double threshold) {
            Double availability = total == 0 ? null : ok * 100.0 / total;
            Double p95 = null;
            if (nLatencies > 0) {
                double[] sorted = Arrays.copyOf(latencies, nLatencies);
                Arrays.sort(sorted);
                int rank = (int) Math.ceil(0.95 * nLatencies);
                p95 = sorted[Math.max(0, rank - 1)];
            }
            return new AvailabilityReport(start, end, total, ok, total - ok, availability, p95, threshold, byStatus,
                    files, outside, malformed, examples);
        }
    }

    /** @return {@code PASS}, {@code FAIL} or {@value #NO_DATA} */
    @JsonProperty
    public String status() {
        if (availabilityPercent == null) {
            return NO_DATA;
        }
        return availabilityPercent >= thresholdPercent ? "PASS" : "FAIL";
    }

    /** @return whether availability meets the threshold, or null without requests */
    @JsonProperty
    public Boolean passed() {
        return availabilityPercent == null ? null : availabilityPercent >= thresholdPercent;
    }

    /** @return availability minus threshold in percentage points, or null without requests */
    @JsonProperty
    public Double marginPoints() {
        return availabilityPercent == null ? null : availabilityPercent - thresholdPercent;
    }

    /** @return the window length in hours */
    @JsonProperty
    public double windowHours() {
        return Duration.between(windowStart, windowEnd).toMillis() / 3_600_000.0;
    }

    /** @return the report as JSON */
    public String toJson() {
        try {
            return Json.PRETTY.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the seed's text report ("API AVAILABILITY REPORT") */
    public String toText() {
        String na = "n/a";
        String threshold = ReportText.number(thresholdPercent);
        var sb = new StringBuilder();
        sb.append(ReportText.box("API AVAILABILITY REPORT")).append('\n');
        sb.append("Time Window:\n");
        sb.append("  Start:     ").append(windowStart).append('\n');
        sb.append("  End:       ").append(windowEnd).append('\n');
        sb.append("  Duration:  ").append(ReportText.fixed(windowHours(), 1)).append(" hours\n\n");
        sb.append("Request Metrics:\n");
        sb.append("  Total Requests:      ").append(ReportText.grouped(totalRequests)).append('\n');
        sb.append("  Successful (2xx):    ").append(ReportText.grouped(successfulRequests)).append('\n');
        sb.append("  Errors (non-2xx):    ").append(ReportText.grouped(errorRequests)).append('\n');
        String availability = availabilityPercent == null ? na : ReportText.fixed(availabilityPercent, 2) + "%";
        sb.append("  Availability:        ").append(availability).append("\n\n");
        sb.append("Additional Metrics:\n");
        sb.append("  P95 Latency:         ").append(p95LatencyMs == null ? na
                : ReportText.fixed(p95LatencyMs / 1000.0, 6) + "s").append('\n'); // microseconds: latency_us
        if (!statusCounts.isEmpty()) {
            sb.append("  Status Codes:        ");
            var parts = new ArrayList<String>();
            statusCounts.forEach((k, v) -> parts.add(k + "=" + ReportText.grouped(v)));
            sb.append(String.join(", ", parts)).append('\n');
        }
        sb.append('\n');
        sb.append("Data Quality:\n");
        sb.append("  Files Read:          ").append(filesRead).append('\n');
        sb.append("  Outside Window:      ").append(ReportText.grouped(linesOutsideWindow)).append('\n');
        sb.append("  Malformed (skipped): ").append(ReportText.grouped(malformedLines)).append('\n');
        for (String ex : malformedExamples) {
            sb.append("    ").append(ex).append('\n');
        }
        sb.append('\n');
        sb.append("SLO Compliance:\n");
        sb.append("  Required:            ≥").append(threshold).append("%\n");
        sb.append("  Actual:              ").append(availability).append('\n');
        sb.append("  Status:              ").append(status()).append('\n');
        if (marginPoints() != null) {
            double m = marginPoints();
            sb.append("  Margin:              ").append(m >= 0 ? "+" : "").append(ReportText.fixed(m, 2))
                    .append(" percentage points\n");
        }
        sb.append('\n');
        if (availabilityPercent == null) {
            sb.append("No requests were recorded in this window; availability cannot be assessed.\n");
        } else if (passed()) {
            sb.append("The API meets the ≥").append(threshold).append("% availability requirement!\n");
        } else {
            sb.append("The API does NOT meet the ≥").append(threshold).append("% availability requirement.\n");
        }
        return sb.toString();
    }
}
