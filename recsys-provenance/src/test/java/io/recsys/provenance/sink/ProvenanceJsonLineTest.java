package io.recsys.provenance.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import io.recsys.core.ModelInfo;
import io.recsys.core.Outcome;
import io.recsys.core.PredictionRecord;
import io.recsys.provenance.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The streamed provenance line is the text the JSON tree gives, byte for byte, line after line. */
class ProvenanceJsonLineTest {
    private static final String[] AWKWARD = {"", "plain", "quote \" and \\ backslash", "tab\tnew\nline\r",
        "\u0001\u001f control", "unicode \u00e9\u4e2d\ud83d\ude00", "lone \ud83d surrogate", "</script>", "x".repeat(300)};
    private static final Outcome[] OUTCOMES = Outcome.values();

    private static PredictionRecord random(SplittableRandom rnd) {
        String text = AWKWARD[rnd.nextInt(AWKWARD.length)];
        ModelInfo model = ModelInfo.of(rnd.nextBoolean() ? "als" : text, "v0." + rnd.nextInt(100),
                rnd.nextBoolean() ? "207521e0d08abb271998cc9790a9d006e1b0f4eb" : "", rnd.nextBoolean() ? text : "snap",
                "51ac00ff");
        long[] items = new long[rnd.nextInt(0, 12)];
        for (int i = 0; i < items.length; i++) {
            items[i] = rnd.nextBoolean() ? rnd.nextLong() : rnd.nextInt(1, 4000);
        }
        double latencyMs = switch (rnd.nextInt(4)) {
            case 0 -> Double.NaN;
            case 1 -> -1.0;
            case 2 -> 1e12;
            default -> rnd.nextDouble() * 50;
        };
        return PredictionRecord.builder(rnd.nextBoolean() ? "req-" + rnd.nextInt() : text, model)
                .timestamp(rnd.nextLong(0, 4_000_000_000_000L)).userId(rnd.nextBoolean() ? rnd.nextLong() : 7)
                .k(rnd.nextInt(1, 100)).items(items).variant("als_model").bucket(rnd.nextDouble())
                .imageDigest(rnd.nextInt(3) == 0 ? null : rnd.nextBoolean() ? "" : "sha256:" + text)
                .latencyNanos(Double.isNaN(latencyMs) ? -5 : Math.round(latencyMs * 1e6))
                .outcome(OUTCOMES[rnd.nextInt(OUTCOMES.length)]).build();
    }

    @Test
    void streamedLinesEqualTheTreeWrittenByTheMapper() throws IOException {
        var rnd = new SplittableRandom(19);
        var expected = new StringBuilder();
        var out = new ByteArrayOutputStream();
        var line = new Utf8LineBuffer();
        List<PredictionRecord> records = new ArrayList<>();
        try (JsonGenerator g = ProvenanceJson.lineGenerator(line)) {
            for (int i = 0; i < 2_000; i++) {
                PredictionRecord r = random(rnd);
                records.add(r);
                String tree = Json.MAPPER.writeValueAsString(ProvenanceJson.toJson(r));
                assertThat(ProvenanceJson.toJsonLine(r)).isEqualTo(tree);
                expected.append(tree).append('\n');
                line.reset();
                ProvenanceJson.writeJsonLine(r, g);
                int length = line.encode();
                assertThat(length).isEqualTo((tree + "\n").getBytes(StandardCharsets.UTF_8).length);
                line.writeTo(out);
            }
        }
        // the bytes the log wrote before: the tree's text, encoded by String.getBytes
        assertThat(out.toByteArray()).isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(records).hasSize(2_000);
    }
}
