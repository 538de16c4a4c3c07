package io.recsys.provenance.sink;

import io.recsys.provenance.manifest.GitInfo;
import io.recsys.provenance.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsys.core.PredictionRecord;
import java.io.IOException;
import java.io.InputStream;
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
     * @return its Avro-conforming JSON as one line of text (no trailing newline)
     */
    public static String toJsonLine(PredictionRecord record) {
        try {
            return Json.MAPPER.writeValueAsString(toJson(record));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
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
