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

        assertThat(budgets).extracting(SloCheck.Budget::name).containsExactly("recommend_p99", "scoring_p50");
        SloCheck.Budget recommend = budgets.get(0);
        assertThat(recommend.benchmark()).isEqualTo("ServiceBenchmark.recommend");
        assertThat(recommend.params()).containsExactly(Map.entry("strategy", "canary"), Map.entry("meters", "prometheus"),
                Map.entry("sinks", "traces+jsonl"));
        assertThat(recommend.percentile()).isEqualTo(99.0);
        assertThat(recommend.budgetMicros()).isEqualTo(100.0);
        SloCheck.Budget scoring = budgets.get(1);
        assertThat(scoring.benchmark()).isEqualTo("ScoringBenchmark.tuned");
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
