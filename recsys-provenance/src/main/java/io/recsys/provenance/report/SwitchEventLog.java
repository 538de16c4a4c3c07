package io.recsys.provenance.report;

import io.recsys.core.serving.SwitchEvent;
import io.recsys.provenance.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The switch-event log: one JSON object per line,
 * {@code {"timestamp":"2025-11-13T10:30:15Z","from_version":"v0.2","to_version":"v0.3","status":"success"}}.
 * Appends are serialised within the process and forced to disk (switches are rare and each one
 * matters to the update report). Reading skips and counts malformed lines.
 */
public final class SwitchEventLog {
    /** The log's file name in a provenance log directory (beside the request logs). */
    public static final String FILE_NAME = "switch_events.jsonl";

    /**
     * @param fileOrDirectory a switch log, or the provenance log directory that holds {@value #FILE_NAME}
     * @return the log
     */
    public static SwitchEventLog at(Path fileOrDirectory) {
        return new SwitchEventLog(Files.isDirectory(fileOrDirectory) ? fileOrDirectory.resolve(FILE_NAME) : fileOrDirectory);
    }


    private final Path file;
    private final Object lock = new Object();

    /**
     * @param file the log file (created on first append, with its directory)
     */
    public SwitchEventLog(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** @return the log file */
    public Path file() {
        return file;
    }

    /**
     * Appends one event and forces it to disk.
     *
     * @param event the event
     * @throws IOException when it cannot be written
     */
    public void append(SwitchEvent event) throws IOException {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("timestamp", event.timestamp().toString());
        if (event.fromVersion() == null) {
            o.putNull("from_version");
        } else {
            o.put("from_version", event.fromVersion());
        }
        o.put("to_version", event.toVersion());
        // the seeds' log knows two outcomes; the precise one is in the metric and the service's log line
        o.put("status", event.successful() ? SwitchEvent.SUCCESS : SwitchEvent.FAILURE);
        byte[] line = (Json.MAPPER.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (lock) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                var buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(false);
            }
        }
    }

    /**
     * Events read from a log, in file order.
     *
     * @param events the well-formed events
     * @param malformedLines lines skipped because they are not a valid event (blank lines are not counted)
     * @param malformedExamples up to 10 of them, as {@code line N: reason}
     */
    public record Contents(List<SwitchEvent> events, long malformedLines, List<String> malformedExamples) {

        /** Copies the lists. */
        public Contents {
            events = List.copyOf(events);
            malformedExamples = List.copyOf(malformedExamples);
        }
    }

    /**
     * @return the events; an absent file reads as no events
     * @throws IOException when the file exists but cannot be read
     */
    public Contents read() throws IOException {
        var events = new ArrayList<SwitchEvent>();
        var examples = new ArrayList<String>();
        long malformed = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(parse(line));
                } catch (IllegalArgumentException e) {
                    malformed++;
                    if (examples.size() < 10) {
                        examples.add("line " + n + ": " + e.getMessage());
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return new Contents(List.of(), 0, List.of());
        }
        return new Contents(events, malformed, examples);
    }

    private static SwitchEvent parse(String line) {
        JsonNode o;
        try {
            o = Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String ts = text(o, "timestamp");
        String to = text(o, "to_version");
        String status = text(o, "status");
        if (ts == null || to == null || status == null) {
            throw new IllegalArgumentException("needs timestamp, to_version and status");
        }
        Instant when;
        try {
            when = Instant.parse(ts);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("timestamp '" + ts + "' is not an ISO-8601 instant");
        }
        return new SwitchEvent(when, text(o, "from_version"), to, status, "");
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
