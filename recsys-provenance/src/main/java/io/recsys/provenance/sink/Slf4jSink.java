package io.recsys.provenance.sink;

import io.recsys.provenance.ProvenanceHeaders;
import io.recsys.core.PredictionRecord;
import io.recsys.core.spi.ProvenanceSink;
import io.recsys.core.spi.ProvenanceSinkProvider;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes the seed's structured recommendation log line through SLF4J:
 * <pre>
 * 2025-03-04T18:21:03.219Z,39157,recommendation request /recommend/39157, status 200, variant=als_model,
 *   bucket=0.392104, result: 1, 50, 260, 42 ms, model_version=v0.3, pipeline_commit=80d8e56,
 *   data_version=kafka-20250301, manifest_sha256=51ac...
 * </pre>
 * (one line). The timestamp is UTC with milliseconds; {@code {user_id}} in the path template is
 * replaced by the user id; items are separated by {@code ", "}; latency is whole milliseconds;
 * a missing variant or manifest is written as {@code none}. Successful requests log at INFO,
 * others at WARN with {@code , error_type=<type>} appended. The request id is put in the MDC as
 * {@code request_id} while logging, so a layout can print it. Shadow records are not logged.
 */
public final class Slf4jSink implements ProvenanceSink {

    /** Default logger name. */
    public static final String DEFAULT_LOGGER = "io.recsys.provenance.requests";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Logger logger;

    /** Logs to {@value #DEFAULT_LOGGER}. */
    public Slf4jSink() {
        this(LoggerFactory.getLogger(DEFAULT_LOGGER));
    }

    /** @param logger where to log */
    public Slf4jSink(Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    @Override
    public void accept(PredictionRecord record) {
        if (record.shadow()) {
            return;
        }
        boolean ok = record.successful();
        if (ok ? !logger.isInfoEnabled() : !logger.isWarnEnabled()) {
            return;
        }
        String line = format(record);
        String previous = MDC.get("request_id");
        MDC.put("request_id", record.requestId());
        try {
            if (ok) {
                logger.info(line);
            } else {
                logger.warn(line);
            }
        } finally {
            if (previous == null) {
                MDC.remove("request_id");
            } else {
                MDC.put("request_id", previous);
            }
        }
    }

    /**
     * @param r a prediction record
     * @return its log line
     */
    public static String format(PredictionRecord r) {
        var sb = new StringBuilder(256);
        sb.append(TIME.format(Instant.ofEpochMilli(r.timestamp()))).append(',').append(r.userId());
        String path = r.path() == null ? "" : r.path().replace("{user_id}", Long.toString(r.userId()));
        sb.append(",recommendation request ").append(path);
        sb.append(", status ").append(OutcomeStatus.of(r.outcome()));
        sb.append(", variant=").append(orNone(r.variant()));
        sb.append(", bucket=").append(String.format(Locale.ROOT, "%.6f", r.bucket()));
        sb.append(", result: ");
        for (int i = 0; i < r.itemCount(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(r.item(i));
        }
        sb.append(", ").append(ProvenanceJson.latencyMs(r.latencyMs())).append(" ms");
        sb.append(", model_version=").append(orNone(r.modelVersion()));
        sb.append(", pipeline_commit=").append(ProvenanceHeaders.shortSha(r.gitSha()));
        sb.append(", data_version=").append(orNone(r.dataSnapshotId()));
        sb.append(", manifest_sha256=").append(orNone(r.manifestSha256()));
        if (!r.successful() && r.errorType() != null) {
            sb.append(", error_type=").append(r.errorType());
        }
        return sb.toString();
    }

    private static String orNone(String s) {
        return s == null || s.isEmpty() ? "none" : s;
    }

    @Override
    public String name() {
        return "slf4j";
    }

    /** Creates a {@link Slf4jSink} by the name {@code slf4j}; option {@code logger} (the logger name). */
    public static final class Provider implements ProvenanceSinkProvider {

        /** Used by {@code ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String name() {
            return "slf4j";
        }

        @Override
        public ProvenanceSink create(Map<String, String> options) {
            return new Slf4jSink(LoggerFactory.getLogger(options.getOrDefault("logger", DEFAULT_LOGGER)));
        }
    }
}
