package io.recsys.experiments;

import static io.recsys.experiments.Records.served;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventListener;
import io.recsys.core.event.UserEventType;
import io.recsys.experiments.stats.Direction;
import io.recsys.experiments.stats.OneSidedTest;
import io.recsys.experiments.stats.RatioMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-user aggregation of the log and the {@code user_level} part of the analysis. */
class UserLevelAnalysisTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    private int nextId;

    /** User u of variant v makes {@code requests} requests ending now, clicking the first {@code clicks}. */
    private void user(ExperimentLog log, long u, String v, int requests, int clicks, int errors, long endMillis) {
        for (int i = 0; i < requests; i++) {
            long t = endMillis - i * 60_000L;
            String id = "q" + nextId++;
            log.accept(served(id, t, u, v, i < errors ? 500 : 200, 20 + (u % 7)));
            // a distinct item per click: a repeat of (user, item, click) within the dedup window is not counted
            if (i < clicks) {
                ((UserEventListener) log).onEvent(UserEvent.of(id, u, nextId, UserEventType.CLICK, t));
            }
        }
    }

    @Test
    void heavyUsersInOneArm_skewTheRequestSrm_butNotTheUserSrm() throws Exception {
        ExperimentLog log = ExperimentLog.builder().clock(clock).build();
        long now = clock.millis();
        double[] clicksA = new double[300];
        double[] reqA = new double[300];
        double[] clicksB = new double[300];
        double[] reqB = new double[300];
        for (int u = 0; u < 300; u++) {
            int rA = 1 + u % 5;
            int cA = u % 3 == 0 ? 1 : 0;
            user(log, u, "A", rA, cA, 0, now);
            clicksA[u] = cA;
            reqA[u] = rA;
            int rB = 2 * (1 + u % 5);
            int cB = u % 2 == 0 ? 1 : 0;
            user(log, 10_000 + u, "B", rB, cB, 0, now);
            clicksB[u] = cB;
            reqB[u] = rB;
        }
        JsonNode root = JSON.readTree(JSON.writeValueAsString(
                new ExperimentAnalyzer(log).analyze(Duration.ofMinutes(120), ExperimentInfo.abTest(null, null))));
        assertThat(root.at("/srm/mismatch").asBoolean()).isTrue();
        JsonNode user = root.at("/user_level");
        assertThat(user.at("/unit").asText()).isEqualTo("user");
        assertThat(user.at("/sampling/users_A").asInt()).isEqualTo(300);
        assertThat(user.at("/sampling/users_B").asInt()).isEqualTo(300);
        assertThat(user.at("/sampling/rate").asDouble()).isEqualTo(1.0);
        assertThat(user.at("/srm/mismatch").asBoolean()).isFalse();
        assertThat(user.at("/srm/p_value").asDouble()).isCloseTo(1.0, within(1e-12));
        // The same numbers computed directly from the per-user arrays.
        RatioMetric.Comparison expected = RatioMetric.compare(RatioMetric.estimate(clicksA, reqA),
                RatioMetric.estimate(clicksB, reqB), 0.95);
        assertThat(user.at("/goal/metric").asText()).isEqualTo("click_per_request");
        assertThat(user.at("/goal/ratio/rate_A").asDouble()).isCloseTo(expected.a().ratio(), within(1e-12));
        assertThat(user.at("/goal/ratio/p_value").asDouble()).isCloseTo(expected.pValue(), within(1e-12));
        assertThat(user.at("/goal/ratio/ci_lower").asDouble()).isCloseTo(expected.ciLower(), within(1e-12));
        assertThat(user.at("/goal/relative_lift/lift").asDouble())
                .isCloseTo(expected.b().ratio() / expected.a().ratio() - 1, within(1e-12));
        assertThat(user.at("/goal/bayesian/method").asText()).isEqualTo("normal_approximation");
        assertThat(user.at("/goal/bayesian_converted_users/method").asText()).isEqualTo("beta_binomial");
        assertThat(user.at("/guardrails/0/name").asText()).isEqualTo("error_rate");
        assertThat(user.at("/guardrails/1/name").asText()).isEqualTo("latency_ms");
        assertThat(user.at("/decision").asText()).isIn("ship", "ship with guardrail breach", "do not ship");
    }

    @Test
    void cuped_usesTheUsersClicksBeforeTheWindow() throws Exception {
        ExperimentLog log = ExperimentLog.builder().clock(clock).build();
        long now = clock.millis();
        long before = now - Duration.ofMinutes(180).toMillis();
        for (int u = 0; u < 200; u++) {
            int propensity = u % 4; // heavy clickers click before and during the window
            user(log, u, "A", 4, propensity, 0, before);
            user(log, u, "A", 4, propensity, 0, now);
            user(log, 5_000 + u, "B", 4, propensity, 0, before);
            user(log, 5_000 + u, "B", 4, propensity, 0, now);
        }
        ExperimentAnalysis a = new ExperimentAnalyzer(log).analyze(Duration.ofMinutes(120),
                ExperimentInfo.abTest(null, null));
        UserLevelAnalysis.Cuped cuped = a.userLevel().goal().cuped();
        assertThat(cuped.covariate()).isEqualTo("click_before_window");
        assertThat(cuped.theta()).isCloseTo(1.0, within(1e-9));
        assertThat(cuped.varianceReduction()).isCloseTo(1.0, within(1e-9));
        assertThat(cuped.unadjusted().delta()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void aWorseErrorRate_isAGuardrailBreach() {
        ExperimentLog log = ExperimentLog.builder().clock(clock).build();
        long now = clock.millis();
        for (int u = 0; u < 400; u++) {
            user(log, u, "A", 4, u % 10 == 0 ? 1 : 0, 0, now);
            user(log, 5_000 + u, "B", 4, u % 2 == 0 ? 1 : 0, u % 2, now); // 12.5% of B's requests fail
        }
        UserLevelAnalysis user = new ExperimentAnalyzer(log).analyze(Duration.ofMinutes(120),
                ExperimentInfo.abTest(null, null)).userLevel();
        assertThat(user.goal().significantWin()).isTrue();
        UserLevelAnalysis.Guardrail errors = user.guardrails().get(0);
        assertThat(errors.valueB()).isCloseTo(0.125, within(1e-12));
        assertThat(errors.status()).isEqualTo(Guardrails.Status.BREACH);
        assertThat(user.decision()).isEqualTo(ShipDecision.DO_NOT_SHIP);
    }

    @Test
    void guardrailDecision_followsItsRules() {
        OneSidedTest.Result pass = OneSidedTest.normal(0.0, 0.001, 0.01, 0.95, Direction.LOWER_IS_BETTER);
        OneSidedTest.Result slightlyWorse = OneSidedTest.normal(0.005, 0.004, 0.01, 0.95, Direction.LOWER_IS_BETTER);
        OneSidedTest.Result muchWorse = OneSidedTest.normal(0.05, 0.01, 0.01, 0.95, Direction.LOWER_IS_BETTER);
        assertThat(Guardrails.status(pass)).isEqualTo(Guardrails.Status.PASS);
        assertThat(Guardrails.status(slightlyWorse)).isEqualTo(Guardrails.Status.BREACH);
        assertThat(Guardrails.decide(true, List.of(pass))).isEqualTo(ShipDecision.SHIP);
        assertThat(Guardrails.decide(true, List.of(pass, slightlyWorse)))
                .isEqualTo(ShipDecision.SHIP_WITH_GUARDRAIL_BREACH);
        assertThat(Guardrails.decide(true, List.of(muchWorse))).isEqualTo(ShipDecision.DO_NOT_SHIP);
        assertThat(Guardrails.decide(false, List.of(pass))).isEqualTo(ShipDecision.DO_NOT_SHIP);
    }

    @Test
    void perUserSample_staysWithinItsByteBudget_andStaysConsistent() {
        ExperimentLog log = ExperimentLog.builder().clock(clock).userBudgetBytes(500L * 200).build();
        assertThat(log.maxUserEntries()).isEqualTo(500);
        long now = clock.millis();
        for (int u = 0; u < 4_000; u++) {
            user(log, u, u % 2 == 0 ? "A" : "B", 3, 1, 0, now);
        }
        assertThat(log.userEntries()).isLessThanOrEqualTo(log.maxUserEntries());
        double rate = log.userSamplingRate();
        assertThat(rate).isLessThan(1.0);
        assertThat(log.counters().get(ExperimentLog.Counter.USER_ENTRIES_PURGED)).isPositive();
        ExperimentSnapshot s = log.snapshot(Duration.ofMinutes(10));
        UserOutcomes a = s.variant("A").users();
        UserOutcomes b = s.variant("B").users();
        assertThat(a.samplingRate()).isEqualTo(rate);
        // Every sampled user is complete: all 3 requests and the click of each (the sample is by
        // user, not by request), and the sampled count is near rate × users.
        assertThat(a.requests()).containsOnly(3.0);
        assertThat(a.feedback(UserEventType.CLICK)).containsOnly(1.0);
        int sampled = a.users() + b.users();
        assertThat(sampled).isLessThanOrEqualTo(500 / 3 + 2);
        double expected = rate * 4_000;
        assertThat((double) sampled).isCloseTo(expected, within(4 * Math.sqrt(expected)));
        // Records outside the budget still count at the request level.
        assertThat(s.variant("A").requests() + s.variant("B").requests()).isEqualTo(12_000);
    }
}
