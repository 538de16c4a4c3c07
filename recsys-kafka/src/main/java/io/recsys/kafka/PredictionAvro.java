package io.recsys.kafka;

import io.recsys.core.PredictionRecord;
import io.recsys.provenance.sink.OutcomeStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The one mapping from a {@link PredictionRecord} to the Avro record on the prediction topic
 * ({@code io/recsys/kafka/reco_response_kafka.avsc}): the project's {@code reco_response.avsc}
 * fields, then the seeds' provenance fields (variant, bucket, pipeline commit, data version,
 * manifest hash), all optional with defaults.
 *
 * <p>Thread-safe: the writer is stateless and each call uses its own encoder.
 */
public final class PredictionAvro {
    /** Classpath location of the prediction topic's schema. */
    public static final String SCHEMA_RESOURCE = "/io/recsys/kafka/reco_response_kafka.avsc";

    private static final Schema SCHEMA = load(SCHEMA_RESOURCE);
    private static final Schema MOVIE_IDS = SCHEMA.getField("movie_ids").schema();
    private static final GenericDatumWriter<GenericRecord> WRITER = new GenericDatumWriter<>(SCHEMA);

    private PredictionAvro() {
    }

    /** @return the writer schema of the prediction topic */
    public static Schema schema() {
        return SCHEMA;
    }

    /**
     * @param record one prediction's provenance
     * @return the Avro record, field for field
     */
    public static GenericRecord toAvro(PredictionRecord record) {
        GenericData.Record r = new GenericData.Record(SCHEMA);
        r.put("request_id", record.requestId());
        r.put("ts", record.timestamp());
        r.put("user_id", record.userId());
        r.put("status", OutcomeStatus.of(record.outcome()));
        r.put("latency_ms", (int) Math.min(Integer.MAX_VALUE, Math.round(record.latencyMs())));
        r.put("k", record.k());
        List<Long> items = new ArrayList<>(record.itemCount());
        for (int i = 0; i < record.itemCount(); i++) {
            items.add(record.item(i));
        }
        r.put("movie_ids", new GenericData.Array<>(MOVIE_IDS, items));
        r.put("model_version", record.modelVersion());
        r.put("model_name", record.modelName());
        r.put("git_sha", record.gitSha());
        r.put("data_snapshot_id", record.dataSnapshotId());
        r.put("container_image_digest", blankToNull(record.imageDigest()));
        r.put("variant", record.variant());
        r.put("bucket", record.bucket());
        r.put("pipeline_commit", record.model().shortGitSha());
        r.put("data_version", record.dataSnapshotId());
        r.put("manifest_sha256", record.manifestSha256());
        r.put("shadow", record.shadow());
        r.put("error_type", record.errorType());
        r.put("latency_us", record.latencyNanos() / 1_000);
        r.put("request_method", record.method());
        r.put("request_path", record.path());
        return r;
    }

    /**
     * @param record one prediction's provenance
     * @return its Avro binary encoding (no container header, no schema id)
     */
    public static byte[] encode(PredictionRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            WRITER.write(toAvro(record), encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static Schema load(String resource) {
        try (InputStream in = PredictionAvro.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
