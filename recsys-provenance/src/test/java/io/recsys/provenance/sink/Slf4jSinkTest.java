package io.recsys.provenance.sink;

import io.recsys.provenance.TestRecords;
import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.ModelInfo;
import io.recsys.core.PredictionRecord;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class Slf4jSinkTest {

    /** Captures "LEVEL message" for the one-argument logging methods. */
    private static Logger capturing(List<String> out) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    String m = method.getName();
                    if (m.startsWith("is") && m.endsWith("Enabled")) {
                        return true;
                    }
                    if ((m.equals("info") || m.equals("warn")) && args != null && args.length == 1) {
                        out.add(m.toUpperCase(java.util.Locale.ROOT) + " " + args[0]);
                    }
                    if (m.equals("getName")) {
                        return "test";
                    }
                    return null;
                });
    }

    @Test
    void format_isTheSeedsLogLine() {
        PredictionRecord r = PredictionRecord.builder("id",
                        ModelInfo.of("als", "v2025.304", "80d8e56f5c1b", "kafka-20250301", "51ac"))
                .timestamp(1_741_112_463_219L).userId(39157).k(3).items(1L, 50L, 260L).variant("als_model")
                .bucket(0.3921041234).latencyNanos(42_400_000L).build();
        assertThat(Slf4jSink.format(r)).isEqualTo("2025-03-04T18:21:03.219Z,39157,recommendation request /recommend/39157,"
                + " status 200, variant=als_model, bucket=0.392104, result: 1, 50, 260, 42 ms,"
                + " model_version=v2025.304, pipeline_commit=80d8e56, data_version=kafka-20250301, manifest_sha256=51ac");
    }

    @Test
    void accept_logsSuccessAtInfoAndErrorsAtWarnWithType_skipsShadow() {
        var lines = new CopyOnWriteArrayList<String>();
        var sink = new Slf4jSink(capturing(lines));
        sink.accept(TestRecords.record("ok"));
        sink.accept(TestRecords.record("err", 1_700_419_234_567L, 999, 500, 3));
        sink.accept(TestRecords.shadow("sh"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("INFO 2023-11-19T18:40:34.567Z,123,recommendation request /recommend/123, status 200");
        assertThat(lines.get(1)).startsWith("WARN ").contains(", status 500,").endsWith(", error_type=ValueError");
        assertThat(sink.name()).isEqualTo("slf4j");
    }

    @Test
    void format_writesNoneForMissingVariantAndManifest() {
        PredictionRecord r = PredictionRecord.builder("id", ModelInfo.of("als", "v0.1", null, "", null))
                .userId(1).k(1).bucket(0.5).latencyNanos(1_000_000L).build();
        assertThat(Slf4jSink.format(r)).isEqualTo("1970-01-01T00:00:00.000Z,1,recommendation request /recommend/1,"
                + " status 200, variant=none, bucket=0.500000, result: , 1 ms, model_version=v0.1,"
                + " pipeline_commit=unknown, data_version=none, manifest_sha256=none");
    }
}
