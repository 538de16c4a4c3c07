package io.recsys.provenance.sink;

import io.recsys.provenance.Json;
import io.recsys.provenance.TestRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.core.ModelInfo;
import io.recsys.core.Outcome;
import io.recsys.core.PredictionRecord;
import io.recsys.core.RequestLine;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every JSON record conforms to reco_response.avsc, checked by a tiny Avro JSON validator. */
class AvroConformanceTest {

    /**
     * Checks a JSON value against an Avro schema (the subset the schema uses: record, array,
     * union, string, int, long, null, boolean, double). Returns the problems found.
     */
    static List<String> conform(JsonNode schema, JsonNode value, String at) {
        var problems = new ArrayList<String>();
        check(schema, value, at, problems);
        return problems;
    }

    private static void check(JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (schema.isArray()) { // union: some branch must accept the value
            for (JsonNode branch : schema) {
                if (conform(branch, value, at).isEmpty()) {
                    return;
                }
            }
            problems.add(at + ": " + value + " matches no branch of " + schema);
            return;
        }
        String type = schema.isTextual() ? schema.asText() : schema.get("type").asText();
        switch (type) {
            case "null" -> require(value != null && value.isNull(), at, "null", value, problems);
            case "boolean" -> require(value != null && value.isBoolean(), at, type, value, problems);
            case "string" -> require(value != null && value.isTextual(), at, type, value, problems);
            case "int" -> require(value != null && value.isIntegralNumber() && value.canConvertToInt(), at, type, value, problems);
            case "long" -> require(value != null && value.isIntegralNumber() && value.canConvertToLong(), at, type, value, problems);
            case "double" -> require(value != null && value.isNumber(), at, type, value, problems);
            case "array" -> {
                if (value == null || !value.isArray()) {
                    problems.add(at + ": expected array, got " + value);
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), at + "[" + i + "]", problems);
                }
            }
            case "record" -> {
                if (value == null || !value.isObject()) {
                    problems.add(at + ": expected record, got " + value);
                    return;
                }
                Set<String> declared = new LinkedHashSet<>();
                for (JsonNode field : schema.get("fields")) {
                    String name = field.get("name").asText();
                    declared.add(name);
                    check(field.get("type"), value.get(name), at + "." + name, problems);
                }
                Set<String> actual = new LinkedHashSet<>();
                value.fieldNames().forEachRemaining(actual::add);
                if (!actual.equals(declared)) {
                    problems.add(at + ": fields " + actual + " differ from the schema's " + declared);
                }
            }
            default -> problems.add(at + ": the checker does not know Avro type " + type);
        }
    }

    private static void require(boolean ok, String at, String type, JsonNode value, List<String> problems) {
        if (!ok) {
            problems.add(at + ": expected " + type + ", got " + value);
        }
    }

    @Test
    void schemaResource_isTheSeedsRecoResponse() throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/io/recsys/provenance/reco_response.avsc")) {
            schema = Json.MAPPER.readTree(in);
        }
        assertThat(schema.get("type").asText()).isEqualTo("record");
        assertThat(schema.get("name").asText()).isEqualTo("RecoResponse");
        assertThat(schema.get("namespace").asText()).isEqualTo("mlprod");
        List<String> names = new ArrayList<>();
        schema.get("fields").forEach(f -> names.add(f.get("name").asText()));
        assertThat(names).isEqualTo(ProvenanceJson.FIELDS);
        assertThat(ProvenanceJson.schema()).isEqualTo(schema);
    }

    @Test
    void everyKindOfRecord_conforms() throws Exception {
        JsonNode schema = ProvenanceJson.schema();
        List<PredictionRecord> records = List.of(
                TestRecords.record("ok"),
                TestRecords.record("err", 5, -7, 500, 0.4),
                PredictionRecord.builder("bare", ModelInfo.of("als", "v0.1", null, null, null))
                        .userId(Integer.MAX_VALUE).imageDigest("").outcome(Outcome.NOT_READY).errorType("UnknownUser")
                        .build(),
                PredictionRecord.builder("digest", ModelInfo.of("als", "v1.0", "abc", "snap", "ff"))
                        .timestamp(Long.MAX_VALUE).userId(Integer.MIN_VALUE).k(2).items(2_147_483_647L, -1L)
                        .variant("b").bucket(0.9).imageDigest("sha256:abc123").latencyNanos(1_000_000_000_000_000_000L)
                        .requestLine(new RequestLine("GET", "/r")).build());
        for (PredictionRecord r : records) {
            JsonNode json = Json.MAPPER.readTree(ProvenanceJson.toJsonLine(r));
            assertThat(conform(schema, json, r.requestId())).as(json.toString()).isEmpty();
        }
        JsonNode digest = ProvenanceJson.toJson(records.get(3));
        assertThat(digest.get("container_image_digest").asText()).isEqualTo("sha256:abc123");
        assertThat(digest.get("latency_ms").intValue()).isEqualTo(Integer.MAX_VALUE);
        assertThat(ProvenanceJson.toJson(records.get(0)).get("latency_ms").intValue()).isEqualTo(45);
        assertThat(ProvenanceJson.toJson(records.get(2)).get("git_sha").asText()).isEqualTo("unknown");
        assertThat(ProvenanceJson.toJson(records.get(2)).get("status").intValue()).isEqualTo(503);
    }

    @Test
    void checker_catchesNonConformingRecords() throws Exception {
        JsonNode schema = ProvenanceJson.schema();
        var json = ProvenanceJson.toJson(TestRecords.record("x"));
        json.put("user_id", "3000000000");
        assertThat(conform(schema, json, "x")).singleElement().asString().contains("user_id");
        json = ProvenanceJson.toJson(TestRecords.record("x"));
        json.put("extra", 1);
        assertThat(conform(schema, json, "x")).singleElement().asString().contains("differ");
        json = ProvenanceJson.toJson(TestRecords.record("x"));
        json.put("latency_ms", 4.5);
        assertThat(conform(schema, json, "x")).isNotEmpty();
    }

    @Test
    void idsBeyondIntRange_areWrittenExactly() throws Exception {
        JsonNode schema = ProvenanceJson.schema();
        PredictionRecord big = PredictionRecord.builder("big", ModelInfo.of("als", "v0.1", null, null, null))
                .timestamp(1).userId(1L << 40).k(2).items(5_000_000_000L, Long.MAX_VALUE).latencyNanos(1_000_000L)
                .build();
        JsonNode json = Json.MAPPER.readTree(ProvenanceJson.toJsonLine(big));
        assertThat(conform(schema, json, "big")).isEmpty();
        assertThat(json.get("user_id").longValue()).isEqualTo(1L << 40);
        assertThat(json.get("movie_ids").get(0).longValue()).isEqualTo(5_000_000_000L);
        assertThat(json.get("movie_ids").get(1).longValue()).isEqualTo(Long.MAX_VALUE);
    }
}
