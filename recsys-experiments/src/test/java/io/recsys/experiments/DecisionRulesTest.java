package io.recsys.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DecisionRulesTest {

    private final DecisionRules rules = DecisionRules.DEFAULT;

    @Test
    void fewerThanOneThousandPerVariant_isInconclusive_evenWhenSignificant() {
        assertThat(rules.decide(999, 5000, 1e-9, 0.2, false)).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(rules.decide(1000, 1000, 1e-9, 0.2, false)).isEqualTo(Decision.SHIP_VARIANT_B);
    }

    @Test
    void notSignificant_isNoDifference() {
        assertThat(rules.decide(2500, 2500, 0.05, 0.05, false)).isEqualTo(Decision.NO_DIFFERENCE);
        assertThat(rules.decide(2500, 2500, 0.153, 0.01, false)).isEqualTo(Decision.NO_DIFFERENCE);
    }

    @Test
    void significantButBelowThePracticalThreshold_isNoDifference() {
        assertThat(rules.decide(100_000, 100_000, 1e-6, 0.009, false)).isEqualTo(Decision.NO_DIFFERENCE);
        assertThat(rules.decide(100_000, 100_000, 1e-6, -0.009, false)).isEqualTo(Decision.NO_DIFFERENCE);
    }

    @Test
    void exactlyThePracticalThreshold_ships_despiteBinaryRoundOff() {
        double delta = 0.96 - 0.95; // 0.010000000000000009
        assertThat(rules.decide(5000, 5000, 0.001, delta, false)).isEqualTo(Decision.SHIP_VARIANT_B);
        double below = 0.51 - 0.50 - 2e-17;
        assertThat(rules.decide(5000, 5000, 0.001, below, false)).isEqualTo(Decision.SHIP_VARIANT_B);
    }

    @Test
    void signOfTheEffect_picksTheVariant() {
        assertThat(rules.decide(5000, 5000, 0.001, 0.02, false)).isEqualTo(Decision.SHIP_VARIANT_B);
        assertThat(rules.decide(5000, 5000, 0.001, -0.02, false)).isEqualTo(Decision.SHIP_VARIANT_A);
    }

    @Test
    void sampleRatioMismatch_isNeverShipped() {
        assertThat(rules.decide(5000, 5000, 1e-9, 0.2, true)).isEqualTo(Decision.INVALID_SRM);
        assertThat(rules.decide(10, 10, 0.5, 0.0, true)).isEqualTo(Decision.INVALID_SRM);
    }

    @Test
    void rideEaseVocabulary() {
        assertThat(Decision.SHIP_VARIANT_B.toRideEase()).isEqualTo(RideEaseDecision.SHIP);
        assertThat(Decision.SHIP_VARIANT_A.toRideEase()).isEqualTo(RideEaseDecision.ROLLBACK);
        assertThat(Decision.NO_DIFFERENCE.toRideEase()).isEqualTo(RideEaseDecision.KEEP_RUNNING);
        assertThat(Decision.INCONCLUSIVE.toRideEase()).isEqualTo(RideEaseDecision.KEEP_RUNNING);
        assertThat(Decision.INVALID_SRM.toRideEase()).isEqualTo(RideEaseDecision.KEEP_RUNNING);
        assertThat(RideEaseDecision.KEEP_RUNNING.jsonName()).isEqualTo("keep-running");
        assertThat(Decision.SHIP_VARIANT_B.jsonName()).isEqualTo("ship_variant_b");
    }

    @Test
    void explanation_mentionsThePValue() {
        assertThat(rules.explain(Decision.NO_DIFFERENCE, 2500, 2500, 0.153, 0.01))
                .isEqualTo("No statistically significant difference (p=0.153)");
    }

    @Test
    void invalidRules_areRejected() {
        assertThatThrownBy(() -> new DecisionRules(0, 0.05, 0.01)).hasMessageContaining("minSamplesPerVariant");
        assertThatThrownBy(() -> new DecisionRules(10, 1.5, 0.01)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new DecisionRules(10, 0.05, -1)).hasMessageContaining("practicalThreshold");
    }
}
