package io.recsys.provenance;

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
 *   <tr><td>movie_ids</td><td>array of int</td><td>items; each must fit a 32-bit int</td></tr>
 *   <tr><td>model_version, model_name, git_sha, data_snapshot_id</td><td>string</td><td>the record's
 *       values; {@code unknown} when absent (the schema does not allow null)</td></tr>
 *   <tr><td>container_image_digest</td><td>["null","string"]</td><td>imageDigest; null when absent or empty</td></tr>
 * </table>
 *
 * <p>The schema declares user and item ids as {@code int} while the library uses {@code long}
 * ids. An id outside the int range is never wrapped or truncated: {@link #toJson} rejects the
 * record with an {@link IdOutOfRangeException} naming the field (use {@link #fitsSchema} to test
 * first). Deployments with such ids need a schema with {@code long} ids.
 */
public final class ProvenanceJson {

    /** Class-path location of the Avro schema. */
    public static final String SCHEMA_RESOURCE = "/io/recsys/provenance/reco_response.avsc";

    /** The schema's field names, in order. */
    public static final List<String> FIELDS = List.of("request_id", "ts", "user_id", "status", "latency_ms", "k",
            "movie_ids", "model_version", "model_name", "git_sha", "data_snapshot_id", "container_image_digest");

    private ProvenanceJson() {
    }

    /** A record's user or item id does not fit the schema's {@code int}. */
    public static final class IdOutOfRangeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        /** @param message which field and value */
        public IdOutOfRangeException(String message) {
            super(message);
        }
    }

    /**
     * @param record a prediction record
     * @return the Avro-conforming JSON object
     * @throws IdOutOfRangeException when its user id or an item id does not fit an int
     */
    public static ObjectNode toJson(PredictionRecord record) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("request_id", record.requestId());
        o.put("ts", record.timestamp());
        o.put("user_id", toInt("user_id", record.userId(), record));
        o.put("status", record.status());
        o.put("latency_ms", latencyMs(record.latencyMs()));
        o.put("k", record.k());
        ArrayNode ids = o.putArray("movie_ids");
        for (Long item : record.items()) {
            ids.add(toInt("movie_ids", item, record));
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
        return o;
    }

    /**
     * @param record a prediction record
     * @return its Avro-conforming JSON as one line of text (no trailing newline)
     * @throws IdOutOfRangeException when its user id or an item id does not fit an int
     */
    public static String toJsonLine(PredictionRecord record) {
        try {
            return Json.MAPPER.writeValueAsString(toJson(record));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param record a prediction record
     * @return whether its user id and item ids fit the schema's int
     */
    public static boolean fitsSchema(PredictionRecord record) {
        if (record.userId() != (int) record.userId()) {
            return false;
        }
        for (Long item : record.items()) {
            if (item == null || item != item.intValue()) {
                return false;
            }
        }
        return true;
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

    private static int toInt(String field, Long value, PredictionRecord record) {
        if (value == null || value != value.intValue()) {
            throw new IdOutOfRangeException(field + " " + value + " of request " + record.requestId()
                    + " does not fit the Avro schema's int (reco_response.avsc); it is not written rather than wrapped");
        }
        return value.intValue();
    }

    private static String orUnknown(String s) {
        return s == null || s.isEmpty() ? GitInfo.UNKNOWN_VALUE : s;
    }
}
