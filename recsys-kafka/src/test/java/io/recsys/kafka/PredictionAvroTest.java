package io.recsys.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.ModelInfo;
import io.recsys.core.Outcome;
import io.recsys.core.PredictionRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class PredictionAvroTest {
    /** The project's plain schema, in recsys-provenance. */
    static final Schema PLAIN = PredictionAvro.load("/io/recsys/provenance/reco_response.avsc");
    /** The seeds' schema (milestone 4 report): the same record with {@code int} user and movie ids. */
    static final Schema SEED_INT = PredictionAvro.load("/seed_reco_response_int.avsc");

    static PredictionRecord record() {
        return PredictionRecord.builder("req-7", ModelInfo.of("als", "v0.3", "80d8e56f5c1b0000", "kafka:events:0=12", "51ac99"))
                .timestamp(1_700_000_000_000L).userId(39157).k(3).items(5_000_000_000L, 2, 3).variant("als_model")
                .bucket(0.392104).imageDigest("sha256:abc").latencyNanos(42_400_000).outcome(Outcome.SERVED).build();
    }

    static GenericRecord decode(byte[] bytes, Schema writer, Schema reader) throws IOException {
        return new GenericDatumReader<GenericRecord>(writer, reader).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }

    @Test
    void encode_carriesEveryFieldAndTheSeedsProvenanceFields() throws IOException {
        GenericRecord r = decode(PredictionAvro.encode(record()), PredictionAvro.schema(), PredictionAvro.schema());
        assertThat(r.get("request_id").toString()).isEqualTo("req-7");
        assertThat(r.get("user_id")).isEqualTo(39157L);
        assertThat(r.get("status")).isEqualTo(200);
        assertThat(r.get("latency_ms")).isEqualTo(42);
        assertThat(r.get("latency_us")).isEqualTo(42_400L);
        assertThat((List<?>) r.get("movie_ids")).isEqualTo(List.of(5_000_000_000L, 2L, 3L));
        assertThat(r.get("variant").toString()).isEqualTo("als_model");
        assertThat(r.get("bucket")).isEqualTo(0.392104);
        assertThat(r.get("pipeline_commit").toString()).isEqualTo("80d8e56");
        assertThat(r.get("data_version").toString()).isEqualTo("kafka:events:0=12");
        assertThat(r.get("manifest_sha256").toString()).isEqualTo("51ac99");
        assertThat(r.get("container_image_digest").toString()).isEqualTo("sha256:abc");
        assertThat(r.get("shadow")).isEqualTo(false);
    }

    @Test
    void failedRequest_hasItsStatusAndErrorType() throws IOException {
        PredictionRecord failed = PredictionRecord.builder("req-8", record().model()).outcome(Outcome.NOT_READY)
                .errorType("not_ready").build();
        GenericRecord r = decode(PredictionAvro.encode(failed), PredictionAvro.schema(), PredictionAvro.schema());
        assertThat(r.get("status")).isEqualTo(503);
        assertThat(r.get("error_type").toString()).isEqualTo("not_ready");
        assertThat((List<?>) r.get("movie_ids")).isEmpty();
        assertThat(r.get("container_image_digest")).isNull();
    }

    @Test
    void readersOfThePlainSchema_readTheKafkaRecords() throws IOException {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(PLAIN, PredictionAvro.schema()).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        GenericRecord r = decode(PredictionAvro.encode(record()), PredictionAvro.schema(), PLAIN);
        assertThat(r.get("request_id").toString()).isEqualTo("req-7");
        assertThat(r.get("git_sha").toString()).isEqualTo("80d8e56f5c1b0000");
        assertThat(r.getSchema().getField("variant")).isNull();
    }

    @Test
    void recordsOfThePlainSchema_readWithTheKafkaSchema_takeTheDefaults() throws IOException {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(PredictionAvro.schema(), PLAIN).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        GenericRecord plain = decode(PredictionAvro.encode(record()), PredictionAvro.schema(), PLAIN);
        GenericRecord r = decode(write(plain, PLAIN), PLAIN, PredictionAvro.schema());
        assertThat(r.get("variant")).isNull();
        assertThat(r.get("shadow")).isEqualTo(false);
        assertThat(r.get("user_id")).isEqualTo(39157L);
    }

    /**
     * The seeds' readers declare int ids; Avro never narrows long to int, so a reader still on the
     * int schema cannot read this topic: the documented migration is to upgrade readers first
     * (int to long is a legal promotion, so an upgraded reader reads old int records and new long
     * ones alike), then writers.
     */
    @Test
    void seedIntReader_cannotReadLongIds_butUpgradedReadersReadSeedIntRecords() throws IOException {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(SEED_INT, PredictionAvro.schema()).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(PredictionAvro.schema(), SEED_INT).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);

        GenericData.Record seed = new GenericData.Record(SEED_INT);
        seed.put("request_id", "seed-1");
        seed.put("ts", 1L);
        seed.put("user_id", 39157);
        seed.put("status", 200);
        seed.put("latency_ms", 42);
        seed.put("k", 2);
        seed.put("movie_ids", new GenericData.Array<>(SEED_INT.getField("movie_ids").schema(), List.of(10, 20)));
        seed.put("model_version", "als-20250304");
        seed.put("model_name", "als");
        seed.put("git_sha", "80d8e56");
        seed.put("data_snapshot_id", "kafka-20250301");
        GenericRecord r = decode(write(seed, SEED_INT), SEED_INT, PredictionAvro.schema());
        assertThat(r.get("user_id")).isEqualTo(39157L);
        assertThat((List<?>) r.get("movie_ids")).isEqualTo(List.of(10L, 20L));
        assertThat(r.get("manifest_sha256")).isNull();
    }

    private static byte[] write(GenericRecord r, Schema schema) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(r, e);
        e.flush();
        return out.toByteArray();
    }
}
