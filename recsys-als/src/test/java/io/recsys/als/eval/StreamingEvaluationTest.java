package io.recsys.als.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.als.AlsHyperparameters;
import io.recsys.als.SequenceHyperparameters;
import io.recsys.als.data.Interactions;
import io.recsys.als.data.SyntheticData;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StreamingEvaluationTest {
    private static final AlsHyperparameters HP = AlsHyperparameters.builder().factors(16).iterations(8).threads(1)
            .build();

    private static Map<String, StreamingEvaluation.Metric> byName(StreamingEvaluation.Result r) {
        return r.metrics().stream().collect(Collectors.toMap(StreamingEvaluation.Metric::strategy, m -> m));
    }

    @Test
    void foldInBeatsTheFrozenModelOnDataWithLatentStructure() {
        Interactions data = SyntheticData.ofShape(300, 200, 12_000).generate();
        var plan = new StreamingEvaluation.Plan(HP, SequenceHyperparameters.defaults(), 0.7, 10, 30);
        StreamingEvaluation.Result r = StreamingEvaluation.run(data, plan);
        assertThat(r.events() + r.trainInteractions()).isEqualTo(data.size());
        assertThat(r.events()).isBetween(3_000, 4_500);
        assertThat(r.users()).isPositive();
        assertThat(r.knownEvents()).isBetween(1, r.events());
        var m = byName(r);
        assertThat(m).containsKeys("frozen", "frozen+seen", "fold-in", "fold-in/no-recency", "retrain-30d",
                "retrain-30d+fold-in", "als-seq frozen", "als-seq fold-in");
        assertThat(m.values()).allSatisfy(x -> {
            assertThat(x.hitRate()).isBetween(0.0, 1.0);
            assertThat(x.ndcg()).isBetween(0.0, x.hitRate());
        });
        assertThat(m.get("fold-in").hitRate()).isGreaterThan(m.get("frozen").hitRate());
        assertThat(m.get("frozen+seen").hitRate()).isGreaterThanOrEqualTo(m.get("frozen").hitRate());
        // the same run twice gives the same numbers
        var again = byName(StreamingEvaluation.run(data, plan));
        assertThat(again.get("fold-in").ndcg()).isEqualTo(m.get("fold-in").ndcg());
    }

    @Test
    void rejectsDataWithoutTimestampsAndCutsOutsideTheData() {
        var b = Interactions.builder();
        b.add(1, 1, 1f).add(2, 2, 1f);
        assertThatThrownBy(() -> StreamingEvaluation.run(b.build(), new StreamingEvaluation.Plan(HP, null, 0.5, 10, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamps");
        assertThatThrownBy(() -> new StreamingEvaluation.Plan(HP, null, 1.0, 10, 0))
                .isInstanceOf(IllegalArgumentException.class);
        var same = Interactions.builder();
        same.add(1, 1, 1f, 5L).add(2, 2, 1f, 5L);
        assertThatThrownBy(() -> StreamingEvaluation.run(same.build(), new StreamingEvaluation.Plan(HP, null, 0.5, 10, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cut");
    }
}
