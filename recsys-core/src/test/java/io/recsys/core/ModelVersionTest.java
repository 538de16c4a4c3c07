package io.recsys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelVersionTest {

    @Test
    void parse_acceptsCanonicalForms() {
        assertThat(ModelVersion.parse("v0.3")).isEqualTo(new ModelVersion(0, 3));
        assertThat(ModelVersion.parse("v12.0").toString()).isEqualTo("v12.0");
        assertThat(ModelVersion.parse("v999999999.999999999").major()).isEqualTo(999_999_999);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0.3/../../etc", "latest", "v1", "0.3", "v0.3 ", " v0.3", "v-1.0", "v01.2", "v1.02",
            "V1.0", "v1.0.0.0", "v1.0.", "v1.0.01", "v1..0", "v.1", "v1.", "v1.0/", "../v1.0", "v1.0\u0000", "v１.０"})
    void parse_rejectsMalformedBeforeTouchingFiles(String text) {
        assertThatThrownBy(() -> ModelVersion.parse(text))
                .isInstanceOf(InvalidVersionException.class)
                .hasMessageContaining("expected vMAJOR.MINOR");
        assertThat(ModelVersion.isValid(text)).isFalse();
    }

    @Test
    void parse_rejectsEmptyAndNull() {
        assertThatThrownBy(() -> ModelVersion.parse("")).isInstanceOf(InvalidVersionException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> ModelVersion.parse(null)).isInstanceOf(InvalidVersionException.class);
    }

    @Test
    void parse_rejectsHugeInputQuicklyWithLengthMessage() {
        String digits = "v" + "9".repeat(10_240) + ".1";
        assertThatThrownBy(() -> ModelVersion.parse(digits))
                .isInstanceOf(InvalidVersionException.class)
                .hasMessageContaining("too long").hasMessageContaining("at most 32");
        assertThatThrownBy(() -> ModelVersion.parse("v9999999999.1"))
                .isInstanceOf(InvalidVersionException.class);
    }

    @Test
    void ordering_isNumericNotLexical() {
        assertThat(ModelVersion.parse("v0.10")).isGreaterThan(ModelVersion.parse("v0.9"));
        assertThat(ModelVersion.parse("v2.0")).isGreaterThan(ModelVersion.parse("v1.99"));
        assertThat(ModelVersion.parse("v0.9").nextMinor()).hasToString("v0.10");
        assertThat(ModelVersion.parse("v0.9").nextMajor()).hasToString("v1.0");
    }

    @Test
    void threePartVersions_ofRideEase_parseOrderAndIncrementStrictly() {
        ModelVersion v = ModelVersion.parse("v1.3.0");
        assertThat(v).isEqualTo(new ModelVersion(1, 3, 0)).hasToString("v1.3.0");
        assertThat(v.hasPatch()).isTrue();
        assertThat(ModelVersion.parse("v1.3").hasPatch()).isFalse();
        assertThat(ModelVersion.parse("v1.3.10")).isGreaterThan(ModelVersion.parse("v1.3.9"));
        assertThat(ModelVersion.parse("v1.3.0")).isGreaterThan(ModelVersion.parse("v1.3"));
        assertThat(ModelVersion.parse("v1.3.0")).isLessThan(ModelVersion.parse("v1.4"));
        assertThat(v.nextMinor()).hasToString("v1.4.0");
        assertThat(v.nextMajor()).hasToString("v2.0.0");
        assertThat(ModelVersion.isValid("v999999999.999999999.999999999")).isTrue();
    }

    @Test
    void constructor_rejectsNegative() {
        assertThatThrownBy(() -> new ModelVersion(-1, 0)).isInstanceOf(InvalidVersionException.class);
    }
}
