package io.recsys.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SloCheckTest {

    @Test
    void parsesTheShippedBudgets() throws IOException {
        List<SloCheck.Budget> budgets = SloCheck.defaultBudgets();

        assertThat(budgets).extracting(SloCheck.Budget::name)
                .containsExactly("recommend_p50", "recommend_p99", "recommend_alloc", "scoring_p50");
        assertThat(budgets.get(0).runKey()).isEqualTo(budgets.get(1).runKey()).isEqualTo(budgets.get(2).runKey());
        assertThat(budgets.get(2).maxBytesPerOp()).isEqualTo(2048.0);
        SloCheck.Budget recommend = budgets.get(1);
        assertThat(recommend.benchmark()).isEqualTo("ServiceBenchmark.recommend");
        assertThat(recommend.params()).containsExactly(Map.entry("strategy", "canary"), Map.entry("meters", "prometheus"),
                Map.entry("sinks", "traces+jsonl"));
        assertThat(recommend.percentile()).isEqualTo(99.0);
        assertThat(recommend.budgetMicros()).isEqualTo(100.0);
        SloCheck.Budget scoring = budgets.get(3);
        assertThat(scoring.benchmark()).isEqualTo("ScoringBenchmark.bounded");
        assertThat(scoring.params()).containsEntry("items", "3706").containsEntry("factors", "64");
        assertThat(scoring.percentile()).isEqualTo(50.0);
        assertThat(scoring.budgetMicros()).isEqualTo(15.0);
    }

    @Test
    void budgetsOfTheSameRunShareIt() throws IOException {
        var props = load("""
                budgets = a, b
                a.benchmark = ScoringBenchmark.tuned
                a.params = items=3706; factors=64
                a.percentile = 50
                a.budget_us = 15
                b.benchmark = ScoringBenchmark.tuned
                b.params = items=3706;factors=64
                b.percentile = 99.9
                b.budget_us = 200
                """);

        List<SloCheck.Budget> budgets = SloCheck.parse(props);

        assertThat(budgets.get(0).runKey()).isEqualTo(budgets.get(1).runKey());
        assertThat(budgets.get(0).metric()).isEqualTo("a");
        assertThat(new SloCheck.Outcome(budgets.get(0), 15.0, 10).passed()).isTrue();
        assertThat(new SloCheck.Outcome(budgets.get(0), 15.1, 10).passed()).isFalse();
    }

    @Test
    void anAllocationBudgetBoundsBytesPerCall() throws IOException {
        var props = load("""
                budgets = lat, bytes
                lat.benchmark = ServiceBenchmark.recommend
                lat.percentile = 99
                lat.budget_us = 100
                bytes.benchmark = ServiceBenchmark.recommend
                bytes.max_bytes_per_op = 2048
                """);

        List<SloCheck.Budget> budgets = SloCheck.parse(props);

        assertThat(budgets.get(0).isAllocation()).isFalse();
        SloCheck.Budget bytes = budgets.get(1);
        assertThat(bytes.isAllocation()).isTrue();
        assertThat(bytes.runKey()).isEqualTo(budgets.get(0).runKey());
        assertThat(new SloCheck.Outcome(bytes, 2048, 5).passed()).isTrue();
        assertThat(new SloCheck.Outcome(bytes, 2049, 5).passed()).isFalse();
        // 150 is within the latency budget but not a byte count within 100: each outcome compares with its own kind
        assertThat(new SloCheck.Outcome(budgets.get(0), 150, 5).passed()).isFalse();
        var out = new java.io.ByteArrayOutputStream();
        SloCheck.print(List.of(new SloCheck.Outcome(bytes, 1342.4, 5)), new java.io.PrintStream(out, true,
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("| <= 2048 B/call | 1342 B/call | 5 | PASS |");
        assertThatThrownBy(() -> SloCheck.parse(load("budgets = a\na.benchmark = X.y\na.max_bytes_per_op = 0\n")))
                .hasMessageContaining("max_bytes_per_op must be positive");
        assertThatThrownBy(() -> SloCheck.parse(load(
                "budgets = a\na.benchmark = X.y\na.max_bytes_per_op = 10\na.percentile = 50\na.budget_us = 1\n")))
                .hasMessageContaining("no percentile");
    }

    @Test
    void rejectsMalformedBudgets() throws IOException {
        assertThatThrownBy(() -> SloCheck.parse(load("budgets =\n"))).hasMessageContaining("no budget names");
        assertThatThrownBy(() -> SloCheck.parse(load("budgets = a\na.benchmark = tuned\na.percentile = 50\na.budget_us = 1\n")))
                .hasMessageContaining("Class.method");
        assertThatThrownBy(() -> SloCheck.parse(load("budgets = a\na.benchmark = X.y\na.budget_us = 1\n")))
                .hasMessageContaining("a.percentile is missing");
        assertThatThrownBy(() -> SloCheck.parse(load("budgets = a\na.benchmark = X.y\na.percentile = 101\na.budget_us = 1\n")))
                .hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> SloCheck.parse(load("budgets = a\na.benchmark = X.y\na.params = items\na.percentile = 50\na.budget_us = 1\n")))
                .hasMessageContaining("key=value");
    }

    private static Properties load(String text) throws IOException {
        var props = new Properties();
        props.load(new StringReader(text));
        return props;
    }
}
