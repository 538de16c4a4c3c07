package io.recsys.experiments;

import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import static io.recsys.experiments.Records.served;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentAnalyzerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final ExperimentLog log = ExperimentLog.builder().clock(clock).build();
    private final ExperimentAnalyzer analyzer = new ExperimentAnalyzer(log);
    private int nextId;

    /** Spreads requests over the last 100 minutes so the sequential test sees many looks. */
    private void traffic(String variant, int requests, int successes, double latencyBase) {
        long now = clock.millis();
        for (int i = 0; i < requests; i++) {
            long t = now - (long) (i % 100) * 60_000;
            log.accept(served("q" + nextId++, t, 1_000_000 + nextId, variant, i < successes ? 200 : 500,
                    latencyBase + (i % 37)));
        }
    }

    private JsonNode analyzeJson(ExperimentInfo info) throws Exception {
        ExperimentAnalysis analysis = analyzer.analyze(Duration.ofMinutes(120), info);
        String json = JSON.writeValueAsString(analysis);
        assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
        return JSON.readTree(json);
    }

    @Test
    void seedExample_hasTheSeedShape_andTheCorrectNumbers() throws Exception {
        traffic("A", 2500, 2375, 20);
        traffic("B", 2500, 2400, 20);
        JsonNode root = analyzeJson(ExperimentInfo.abTest("v0.2", "v0.3"));

        assertThat(root.at("/experiment/strategy").asText()).isEqualTo("ab_test");
        assertThat(root.at("/experiment/variant_A").asText()).isEqualTo("v0.2");
        assertThat(root.at("/experiment/variant_B").asText()).isEqualTo("v0.3");
        assertThat(root.at("/metrics/variant_A/requests").asLong()).isEqualTo(2500);
        assertThat(root.at("/metrics/variant_A/successes").asLong()).isEqualTo(2375);
        assertThat(root.at("/metrics/variant_A/success_rate").asDouble()).isEqualTo(0.95);
        assertThat(root.at("/metrics/variant_B/success_rate").asDouble()).isEqualTo(0.96);
        JsonNode sa = root.at("/statistical_analysis");
        assertThat(sa.get("test").asText()).isEqualTo("two_proportion_z_test");
        // R: prop.test(c(2375,2400), c(2500,2500), correct=FALSE): X² = 2.9086678, p = 0.0881046
        // (the seed prints z = 1.43, p = 0.153 and CI [-0.004, 0.024] for these counts: wrong)
        assertThat(sa.at("/results/z_statistic").asDouble()).isCloseTo(1.7054817, within(1e-6));
        assertThat(sa.at("/results/p_value").asDouble()).isCloseTo(0.0881046223838723, within(1e-12));
        assertThat(sa.at("/results/delta").asDouble()).isCloseTo(0.01, within(1e-12));
        assertThat(sa.at("/results/significant").asBoolean()).isFalse();
        assertThat(sa.at("/results/ci_lower").asDouble()).isCloseTo(-0.00148879998429122, within(1e-12));
        assertThat(sa.at("/results/ci_upper").asDouble()).isCloseTo(0.0214887999842912, within(1e-12));
        assertThat(sa.get("decision").asText()).isEqualTo("no_difference");
        assertThat(sa.get("recommendation").asText()).isEqualTo("No statistically significant difference (p=0.0881)");
        assertThat(sa.has("reason")).isFalse();

        assertThat(root.at("/srm/checked").asBoolean()).isTrue();
        assertThat(root.at("/srm/mismatch").asBoolean()).isFalse();
        assertThat(root.at("/sequential/method").asText()).isEqualTo("msprt_normal_mixture");
        assertThat(root.at("/sequential/looks").asInt()).isEqualTo(100);
        assertThat(root.at("/sequential/always_valid_p_value").asDouble()).isBetween(0.0, 1.0);
        assertThat(root.at("/conversion").size()).isZero();
        assertThat(root.at("/latency/variant_A/samples").asInt()).isGreaterThan(100);
        assertThat(root.at("/latency/welch_t_test/p_value").asDouble()).isBetween(0.0, 1.0);

        JsonNode summary = root.at("/summary");
        assertThat(summary.get("metric").asText()).isEqualTo("success_rate");
        assertThat(summary.get("conversionRateA").asDouble()).isEqualTo(0.95);
        assertThat(summary.get("conversionRateB").asDouble()).isEqualTo(0.96);
        assertThat(summary.get("pValue").asDouble()).isCloseTo(0.0881046223838723, within(1e-12));
        assertThat(summary.get("ci95").size()).isEqualTo(2);
        assertThat(summary.get("decision").asText()).isEqualTo("keep-running");
    }

    @Test
    void clearWinner_isShipped() throws Exception {
        traffic("A", 5000, 4500, 20);
        traffic("B", 5000, 4750, 20);
        JsonNode root = analyzeJson(ExperimentInfo.abTest(null, null));
        assertThat(root.at("/statistical_analysis/decision").asText()).isEqualTo("ship_variant_b");
        assertThat(root.at("/summary/decision").asText()).isEqualTo("ship");
        assertThat(root.at("/sequential/significant").asBoolean()).isTrue();
        // labels fall back to the model version seen in the records
        assertThat(root.at("/experiment/variant_A").asText()).isEqualTo("v0.2");
    }

    @Test
    void worseTreatment_isRolledBack() throws Exception {
        traffic("A", 5000, 4750, 20);
        traffic("B", 5000, 4500, 20);
        JsonNode root = analyzeJson(ExperimentInfo.abTest("v1", "v2"));
        assertThat(root.at("/statistical_analysis/decision").asText()).isEqualTo("ship_variant_a");
        assertThat(root.at("/summary/decision").asText()).isEqualTo("rollback");
    }

    @Test
    void sampleRatioMismatch_isNeverShipped() throws Exception {
        traffic("A", 6000, 5400, 20);
        traffic("B", 4000, 3800, 20);
        JsonNode root = analyzeJson(ExperimentInfo.abTest("v1", "v2"));
        assertThat(root.at("/srm/mismatch").asBoolean()).isTrue();
        assertThat(root.at("/srm/observed_share_B").asDouble()).isEqualTo(0.4);
        assertThat(root.at("/statistical_analysis/decision").asText()).isEqualTo("invalid_srm");
        assertThat(root.at("/summary/decision").asText()).isEqualTo("keep-running");
    }

    @Test
    void canary_comparesPrimaryAndCanary_againstTheCanaryShare() throws Exception {
        traffic("primary", 9000, 8900, 20);
        traffic("canary", 1000, 990, 20);
        JsonNode root = analyzeJson(ExperimentInfo.canary("v0.2", "v0.3", 10));
        assertThat(root.at("/experiment/arm_B").asText()).isEqualTo("canary");
        assertThat(root.at("/srm/expected_share_B").asDouble()).isEqualTo(0.1);
        assertThat(root.at("/srm/mismatch").asBoolean()).isFalse();
        assertThat(root.at("/metrics/variant_B/requests").asLong()).isEqualTo(1000);
    }

    @Test
    void emptyWindow_givesNullsWithReasons_notNaN() throws Exception {
        JsonNode root = analyzeJson(ExperimentInfo.abTest("v1", "v2"));
        assertThat(root.at("/metrics/variant_A/requests").asLong()).isZero();
        assertThat(root.at("/metrics/variant_A/success_rate").isNull()).isTrue();
        assertThat(root.at("/statistical_analysis/results").isNull()).isTrue();
        assertThat(root.at("/statistical_analysis/reason").asText()).contains("no requests");
        assertThat(root.at("/statistical_analysis/decision").asText()).isEqualTo("inconclusive");
        assertThat(root.at("/srm/checked").asBoolean()).isFalse();
        assertThat(root.at("/sequential/always_valid_p_value").isNull()).isTrue();
        assertThat(root.at("/latency/reason").asText()).contains("at least 2 latencies");
        assertThat(root.at("/summary/pValue").isNull()).isTrue();
        assertThat(root.at("/summary/decision").asText()).isEqualTo("keep-running");
    }

    @Test
    void oneVariantEmpty_isInconclusiveWithAReason_orSrmWhenLarge() throws Exception {
        traffic("A", 50, 50, 20);
        JsonNode root = analyzeJson(ExperimentInfo.abTest("v1", "v2"));
        assertThat(root.at("/statistical_analysis/reason").asText()).contains("variant_B (B) has no requests");
        // 50 vs 0 on a 50/50 design is itself a sample ratio mismatch (p = 1.5e-12)
        assertThat(root.at("/statistical_analysis/decision").asText()).isEqualTo("invalid_srm");
        assertThat(root.at("/summary/conversionRateB").isNull()).isTrue();
        assertThat(root.at("/summary/conversionRateA").asDouble()).isEqualTo(1.0);
    }

    @Test
    void allSuccessesEverywhere_andConstantLatency_stayFinite() throws Exception {
        long now = clock.millis();
        for (int i = 0; i < 1500; i++) {
            log.accept(served("s" + i, now, i, i % 2 == 0 ? "A" : "B", 200, 5.0));
        }
        JsonNode root = analyzeJson(ExperimentInfo.abTest("v1", "v2"));
        assertThat(root.at("/statistical_analysis/results/p_value").asDouble()).isEqualTo(1.0);
        assertThat(root.at("/statistical_analysis/decision").asText()).isEqualTo("inconclusive");
        assertThat(root.at("/sequential/always_valid_p_value").asDouble()).isEqualTo(1.0);
        assertThat(root.at("/latency/welch_t_test/p_value").asDouble()).isEqualTo(1.0);
        assertThat(root.at("/latency/p95_difference/estimate_ms").asDouble()).isZero();
    }

    @Test
    void invalidLatencies_areLeftOutOfTheLatencyComparison() throws Exception {
        long now = clock.millis();
        for (int i = 0; i < 20; i++) {
            log.accept(served("n" + i, now, i, i % 2 == 0 ? "A" : "B", 200, i < 18 ? -1.0 : 3.0));
        }
        JsonNode root = analyzeJson(ExperimentInfo.abTest("v1", "v2"));
        assertThat(root.at("/latency/variant_A/samples").asInt()).isEqualTo(1);
        assertThat(root.at("/latency/welch_t_test").isNull()).isTrue();
        assertThat(root.at("/metrics/variant_A/requests").asLong()).isEqualTo(10);
    }

    @Test
    void feedback_givesConversionTests_andDrivesTheSummary() throws Exception {
        long now = clock.millis();
        for (int i = 0; i < 4000; i++) {
            String variant = i % 2 == 0 ? "A" : "B";
            String id = "c" + i;
            log.accept(served(id, now - (i % 60) * 60_000L, i, variant, 200, 10));
            boolean clicked = variant.equals("A") ? i % 20 == 0 : i % 5 == 1; // 10% vs 20%
            if (clicked) {
                log.recordFeedback(UserEvent.of(id, i, 1, UserEventType.CLICK, now));
            }
        }
        JsonNode root = analyzeJson(ExperimentInfo.abTest("v1", "v2"));
        JsonNode click = root.at("/conversion/click");
        assertThat(click.at("/variant_A/conversions").asLong()).isEqualTo(200);
        assertThat(click.at("/variant_B/conversions").asLong()).isEqualTo(400);
        assertThat(click.at("/variant_B/rate").asDouble()).isEqualTo(0.2);
        assertThat(click.get("decision").asText()).isEqualTo("ship_variant_b");
        assertThat(root.at("/conversion").has("watch")).isFalse();
        JsonNode summary = root.at("/summary");
        assertThat(summary.get("metric").asText()).isEqualTo("click");
        assertThat(summary.get("conversionRateA").asDouble()).isEqualTo(0.1);
        assertThat(summary.get("delta").asDouble()).isCloseTo(0.1, within(1e-12));
        assertThat(summary.get("decision").asText()).isEqualTo("ship");
    }

    @Test
    void slowerTreatment_showsInTheLatencyComparison() throws Exception {
        traffic("A", 2000, 2000, 20);
        traffic("B", 2000, 2000, 40);
        JsonNode root = analyzeJson(ExperimentInfo.abTest("v1", "v2"));
        JsonNode latency = root.at("/latency");
        assertThat(latency.at("/welch_t_test/delta_mean_ms").asDouble()).isCloseTo(20.0, within(1.5));
        assertThat(latency.at("/welch_t_test/p_value").asDouble()).isLessThan(1e-6);
        assertThat(latency.at("/p95_difference/ci_lower").asDouble()).isGreaterThan(10.0);
        assertThat(latency.at("/p95_difference/method").asText()).isEqualTo("percentile");
    }

    @Test
    void everyNumberInTheAnswerIsFinite() throws Exception {
        traffic("A", 1200, 1100, 20);
        traffic("B", 1300, 1250, 22);
        JsonNode root = analyzeJson(ExperimentInfo.abTest("v1", "v2"));
        assertAllFinite(root);
    }

    private static void assertAllFinite(JsonNode node) {
        if (node.isNumber()) {
            assertThat(Double.isFinite(node.asDouble())).isTrue();
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            assertAllFinite(fields.next().getValue());
        }
        if (node.isArray()) {
            node.forEach(ExperimentAnalyzerTest::assertAllFinite);
        }
    }
}
