package io.recsys.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Decodes (and, for producers and tests, encodes) user events on the event topic. Both encodings
 * share the field names of {@code io/recsys/kafka/user_event.avsc}:
 * {@code {"request_id": "r1", "user_id": 7, "item_id": 42, "type": "rate", "value": 4.5, "timestamp": 1700000000000}}.
 * JSON also takes the HTTP {@code /feedback} body as it is: {@code event} for {@code type},
 * {@code movie_id} for {@code item_id}, and no {@code timestamp} (the Kafka record's timestamp is
 * used).
 * A payload whose first non-blank byte is {@code '{'} is JSON, anything else Avro binary (an
 * Avro record starts with its request_id union index, 0 or 2). Every payload is untrusted: size
 * is capped, and every defect becomes a {@link MalformedEventException} naming it.
 */
public final class UserEventCodec {
    /** Largest payload accepted, in bytes. */
    public static final int MAX_BYTES = 16 * 1024;

    /** Classpath location of the event schema. */
    public static final String SCHEMA_RESOURCE = "/io/recsys/kafka/user_event.avsc";

    private static final Schema SCHEMA = PredictionAvro.load(SCHEMA_RESOURCE);
    private static final Schema TYPE_SCHEMA = SCHEMA.getField("type").schema();
    private static final ObjectMapper JSON = new ObjectMapper();

    private UserEventCodec() {
    }

    /** @return the Avro schema of events */
    public static Schema schema() {
        return SCHEMA;
    }

    /**
     * @param payload a record value from the event topic
     * @return the event
     * @throws MalformedEventException when the payload is empty, too large, or not a valid event
     *     (a JSON event must then carry its timestamp)
     */
    public static UserEvent decode(byte[] payload) {
        return decode(payload, null);
    }

    /**
     * @param payload a record value from the event topic
     * @param recordTimestamp the Kafka record's timestamp, used when a JSON event has none; or null
     * @return the event
     * @throws MalformedEventException when the payload is empty, too large, or not a valid event
     */
    public static UserEvent decode(byte[] payload, Long recordTimestamp) {
        if (payload == null || payload.length == 0) {
            throw new MalformedEventException("empty event");
        }
        if (payload.length > MAX_BYTES) {
            throw new MalformedEventException("event larger than " + MAX_BYTES + " bytes");
        }
        return isJson(payload) ? decodeJson(payload, recordTimestamp) : decodeAvro(payload);
    }

    private static boolean isJson(byte[] payload) {
        for (byte b : payload) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return false;
    }

    private static UserEvent decodeJson(byte[] payload, Long recordTimestamp) {
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (IOException e) {
            throw new MalformedEventException("invalid JSON event");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEventException("JSON event must be an object");
        }
        String requestId = node.hasNonNull("request_id") ? text(node, "request_id") : null;
        long userId = integer(node, "user_id");
        long itemId = integer(node, node.has("item_id") || !node.has("movie_id") ? "item_id" : "movie_id");
        UserEventType type;
        try {
            type = UserEventType.parse(text(node, node.has("type") || !node.has("event") ? "type" : "event"));
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(e.getMessage());
        }
        double value = 1.0;
        if (node.hasNonNull("value")) {
            if (!node.get("value").isNumber()) {
                throw new MalformedEventException("field 'value' must be a number");
            }
            value = node.get("value").doubleValue();
        }
        long timestamp = node.has("timestamp") || recordTimestamp == null ? integer(node, "timestamp") : recordTimestamp;
        return build(requestId, userId, itemId, type, value, timestamp);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new MalformedEventException("field '" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static long integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new MalformedEventException("field '" + field + "' must be an integer");
        }
        return v.longValue();
    }

    private static UserEvent decodeAvro(byte[] payload) {
        GenericRecord r;
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(payload, null);
            r = new GenericDatumReader<GenericRecord>(SCHEMA).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new MalformedEventException("trailing bytes after Avro event");
            }
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new MalformedEventException("invalid Avro event");
        }
        Object requestId = r.get("request_id");
        return build(requestId == null ? null : requestId.toString(), (Long) r.get("user_id"), (Long) r.get("item_id"),
                UserEventType.parse(r.get("type").toString()), (Double) r.get("value"), (Long) r.get("timestamp"));
    }

    private static UserEvent build(String requestId, long userId, long itemId, UserEventType type, double value,
            long timestamp) {
        if (requestId != null && requestId.length() > 256) {
            throw new MalformedEventException("request_id longer than 256 characters");
        }
        if (userId < 0 || itemId < 0) {
            throw new MalformedEventException("user_id and item_id must not be negative");
        }
        if (!Double.isFinite(value)) {
            throw new MalformedEventException("field 'value' must be finite");
        }
        return new UserEvent(requestId, userId, itemId, type, value, timestamp);
    }

    /**
     * @param event an event
     * @return its JSON encoding
     */
    public static byte[] encodeJson(UserEvent event) {
        ObjectNode n = JSON.createObjectNode();
        if (event.requestId() != null) {
            n.put("request_id", event.requestId());
        }
        n.put("user_id", event.userId());
        n.put("item_id", event.itemId());
        n.put("type", event.type().jsonName());
        n.put("value", event.value());
        n.put("timestamp", event.timestamp());
        try {
            return JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param event an event
     * @return its Avro binary encoding
     */
    public static byte[] encodeAvro(UserEvent event) {
        GenericData.Record r = new GenericData.Record(SCHEMA);
        r.put("request_id", event.requestId());
        r.put("user_id", event.userId());
        r.put("item_id", event.itemId());
        r.put("type", new GenericData.EnumSymbol(TYPE_SCHEMA, event.type().jsonName()));
        r.put("value", event.value());
        r.put("timestamp", event.timestamp());
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(SCHEMA).write(r, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
