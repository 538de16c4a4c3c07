package io.recsys.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SparkAlsParametersTest {
    @Test
    void defaultsMatchTheInProcessTrainerAndAreRecordedUnderItsNames() {
        SparkAlsParameters p = SparkAlsParameters.defaults();
        assertThat(p.toMap()).containsEntry("factors", 64).containsEntry("iterations", 15).containsEntry("regularization", 0.1)
                .containsEntry("alpha", 3.0).containsEntry("implicit", true).containsEntry("weighted_regularization", true)
                .containsEntry("seed", 42L);
    }

    @Test
    void outOfRangeValuesAreRefusedByName() {
        assertThatThrownBy(() -> new SparkAlsParameters(0, 1, 0.1, 1, true, 1)).hasMessageContaining("rank");
        assertThatThrownBy(() -> new SparkAlsParameters(1, 0, 0.1, 1, true, 1)).hasMessageContaining("iterations");
        assertThatThrownBy(() -> new SparkAlsParameters(1, 1, Double.NaN, 1, true, 1)).hasMessageContaining("regParam");
        assertThatThrownBy(() -> new SparkAlsParameters(1, 1, 0.1, -1, true, 1)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new SparkAlsParameters(1, 1, 0.1, Double.POSITIVE_INFINITY, true, 1))
                .hasMessageContaining("alpha");
    }
}
