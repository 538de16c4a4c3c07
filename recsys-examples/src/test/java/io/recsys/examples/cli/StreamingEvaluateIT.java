package io.recsys.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.als.data.SyntheticData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recsys evaluate --streaming}: the command the streaming table in docs/realtime.md comes from. */
class StreamingEvaluateIT {
    @TempDir
    Path temp;

    @Test
    void reportsEveryStrategyAsMeansOverCutsAndSeeds() throws Exception {
        Path ratings = temp.resolve("ratings.csv");
        DemoCommand.writeCsv(SyntheticData.ofShape(250, 180, 10_000).generate(), ratings);
        CliIT.Run r = CliIT.cli("evaluate", "--streaming", "--ratings", ratings.toString(), "--cuts", "0.7,0.8",
                "--seeds", "1,2", "--factors", "8", "--iterations", "3", "--threads", "1", "--retrain-every-days", "30",
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("runs")).hasSize(4);
        JsonNode s = j.get("strategies");
        for (String name : new String[] {"frozen", "frozen+seen", "fold-in", "fold-in/no-recency", "retrain-30d",
                "retrain-30d+fold-in", "als-seq frozen", "als-seq fold-in"}) {
            assertThat(s.get(name)).as(name).isNotNull();
            double mean = 0;
            for (JsonNode run : j.get("runs")) {
                mean += run.get("metrics").get(name).get("ndcg").asDouble() / 4;
            }
            assertThat(s.get(name).get("ndcg").asDouble()).isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(s.get(name).get("ndcg_std").asDouble()).isGreaterThanOrEqualTo(0);
        }
        assertThat(s.get("fold-in").get("hr").asDouble()).isGreaterThan(s.get("frozen").get("hr").asDouble());

        CliIT.Run text = CliIT.cli("evaluate", "--streaming", "--ratings", ratings.toString(), "--factors", "8",
                "--iterations", "3", "--threads", "1", "--model", "als");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("fold-in").contains("NDCG@K=").doesNotContain("als-seq");
    }
}
