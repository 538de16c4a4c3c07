package io.recsys.provenance.sink;

import io.recsys.provenance.manifest.GitInfo;
import io.recsys.provenance.Json;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsys.core.PredictionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Maps a {@link PredictionRecord} to the JSON form of the Avro record {@code mlprod.RecoResponse}
 * ({@code reco_response.avsc}, shipped as the resource {@value #SCHEMA_RESOURCE}): exactly the
 * schema's fields, in its order, with matching types.
 *
 * <table>
 *   <caption>Field mapping</caption>
 *   <tr><th>Field</th><th>Avro type</th><th>From</th></tr>
 *   <tr><td>request_id</td><td>string</td><td>requestId</td></tr>
 *   <tr><td>ts</td><td>long</td><td>timestamp (epoch ms)</td></tr>
 *   <tr><td>user_id</td><td>int</td><td>userId; must fit a 32-bit int</td></tr>
 *   <tr><td>status</td><td>int</td><td>status</td></tr>
 *   <tr><td>latency_ms</td><td>int</td><td>latencyMs rounded half up, clamped to [0, 2<sup>31</sup>-1]</td></tr>
 *   <tr><td>k</td><td>int</td><td>k</td></tr>
 *   <tr><td>movie_ids</td><td>array of long</td><td>items</td></tr>
 *   <tr><td>model_version, model_name, git_sha, data_snapshot_id</td><td>string</td><td>the record's
 *       values; {@code unknown} when absent (the schema does not allow null)</td></tr>
 *   <tr><td>container_image_digest</td><td>["null","string"]</td><td>imageDigest; null when absent or empty</td></tr>
 *   <tr><td>latency_us</td><td>["null","long"]</td><td>latencyNanos / 1000: the precise latency beside the seeds'
 *       whole milliseconds (added with a null default, so records without it still read)</td></tr>
 * </table>
 *
 * <p>The seeds' schema declares user and item ids as {@code int}; the library's ids are
 * {@code long}, so the shipped schema widens both to {@code long}. Avro readers promote
 * {@code int} to {@code long}, so data written with the seeds' schema still reads with this one,
 * and no request with a large id is ever missing from the log or wrapped.
 */
public final class ProvenanceJson {

    /** Class-path location of the Avro schema. */
    public static final String SCHEMA_RESOURCE = "/io/recsys/provenance/reco_response.avsc";

    /** The schema's field names, in order. */
    public static final List<String> FIELDS = List.of("request_id", "ts", "user_id", "status", "latency_ms", "k",
            "movie_ids", "model_version", "model_name", "git_sha", "data_snapshot_id", "container_image_digest", "latency_us");

    /** Jackson's default output (as {@link Json#MAPPER} writes), but leaving the target stream open. */
    private static final JsonFactory LINES = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private ProvenanceJson() {
    }

    /**
     * @param record a prediction record
     * @return the Avro-conforming JSON object
     */
    public static ObjectNode toJson(PredictionRecord record) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("request_id", record.requestId());
        o.put("ts", record.timestamp());
        o.put("user_id", record.userId());
        o.put("status", OutcomeStatus.of(record.outcome()));
        o.put("latency_ms", latencyMs(record.latencyMs()));
        o.put("k", record.k());
        ArrayNode ids = o.putArray("movie_ids");
        for (int i = 0, n = record.itemCount(); i < n; i++) {
            ids.add(record.item(i));
        }
        o.put("model_version", orUnknown(record.modelVersion()));
        o.put("model_name", orUnknown(record.modelName()));
        o.put("git_sha", orUnknown(record.gitSha()));
        o.put("data_snapshot_id", orUnknown(record.dataSnapshotId()));
        String digest = record.imageDigest();
        if (digest == null || digest.isEmpty()) {
            o.putNull("container_image_digest");
        } else {
            o.put("container_image_digest", digest);
        }
        o.put("latency_us", Math.max(0L, record.latencyNanos() / 1_000));
        return o;
    }

    /**
     * @param record a prediction record
     * @return its Avro-conforming JSON as one line of text (no trailing newline): the same text as
     *     the tree of {@link #toJson} written by the module's mapper
     */
    public static String toJsonLine(PredictionRecord record) {
        var text = new StringWriter(256);
        try (JsonGenerator g = LINES.createGenerator(text)) {
            writeObject(record, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /**
     * Opens a generator for {@link #writeJsonLine}: it leaves {@code out} open when closed and
     * writes nothing between lines but the newline each line ends with. One generator serves any
     * number of lines, so a log pays for it once rather than per record.
     *
     * @param out where the lines go, as characters (Jackson's byte generator would escape characters
     *     outside the Basic Multilingual Plane, which {@link #toJsonLine} keeps as they are)
     * @return a generator over {@code out} (not thread-safe)
     * @throws IOException when the generator cannot be created
     */
    public static JsonGenerator lineGenerator(Writer out) throws IOException {
        JsonGenerator g = LINES.createGenerator(out);
        g.setRootValueSeparator(null);
        return g;
    }

    /**
     * Writes the record's line, {@link #toJsonLine}'s text and a {@code \n}, through a generator
     * from {@link #lineGenerator}, and flushes it to the generator's stream. After an exception
     * the generator is mid-object: discard it.
     *
     * @param record a prediction record
     * @param g a generator from {@link #lineGenerator}
     * @throws IOException when the stream fails
     */
    public static void writeJsonLine(PredictionRecord record, JsonGenerator g) throws IOException {
        writeObject(record, g);
        g.writeRaw('\n');
        g.flush();
    }

    /** Streams the same fields, in the same order and with the same types, as {@link #toJson}. */
    private static void writeObject(PredictionRecord record, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("request_id", record.requestId());
        g.writeNumberField("ts", record.timestamp());
        g.writeNumberField("user_id", record.userId());
        g.writeNumberField("status", OutcomeStatus.of(record.outcome()));
        g.writeNumberField("latency_ms", latencyMs(record.latencyMs()));
        g.writeNumberField("k", record.k());
        g.writeArrayFieldStart("movie_ids");
        for (int i = 0, n = record.itemCount(); i < n; i++) {
            g.writeNumber(record.item(i));
        }
        g.writeEndArray();
        g.writeStringField("model_version", orUnknown(record.modelVersion()));
        g.writeStringField("model_name", orUnknown(record.modelName()));
        g.writeStringField("git_sha", orUnknown(record.gitSha()));
        g.writeStringField("data_snapshot_id", orUnknown(record.dataSnapshotId()));
        String digest = record.imageDigest();
        if (digest == null || digest.isEmpty()) {
            g.writeNullField("container_image_digest");
        } else {
            g.writeStringField("container_image_digest", digest);
        }
        g.writeNumberField("latency_us", Math.max(0L, record.latencyNanos() / 1_000));
        g.writeEndObject();
    }

    /**
     * Rounds a latency to the schema's int milliseconds.
     *
     * @param latencyMs latency in milliseconds
     * @return rounded half up, clamped to [0, Integer.MAX_VALUE]; 0 for NaN
     */
    public static int latencyMs(double latencyMs) {
        if (Double.isNaN(latencyMs) || latencyMs <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.round(latencyMs));
    }

    /** @return the Avro schema text */
    public static String schemaText() {
        try (InputStream in = ProvenanceJson.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the Avro schema as a JSON tree */
    public static JsonNode schema() {
        try {
            return Json.MAPPER.readTree(schemaText());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String orUnknown(String s) {
        return s == null || s.isEmpty() ? GitInfo.UNKNOWN_VALUE : s;
    }
}
