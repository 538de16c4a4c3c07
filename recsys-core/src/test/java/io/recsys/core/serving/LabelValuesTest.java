package io.recsys.core.serving;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelValuesTest {
    @Test
    void valuesUpToTheBoundAreKeptWhole() {
        assertThat(LabelValues.bounded("kafka-20250301-20250331")).isEqualTo("kafka-20250301-20250331");
        String sha = "a".repeat(64);
        assertThat(LabelValues.bounded(sha)).isEqualTo(sha);
        assertThat(LabelValues.bounded(null)).isEmpty();
    }

    @Test
    void longerValuesAreVisiblyShortenedAndStayDistinct() {
        String a = "s3://bucket/snapshots/" + "x".repeat(60) + "/part-a";
        String b = "s3://bucket/snapshots/" + "x".repeat(60) + "/part-b";
        String la = LabelValues.bounded(a);
        String lb = LabelValues.bounded(b);
        assertThat(la).hasSize(LabelValues.MAX_LENGTH).startsWith("s3://bucket/snapshots/").contains("~");
        assertThat(la).isNotEqualTo(lb);
        assertThat(LabelValues.bounded(a)).as("deterministic").isEqualTo(la);
    }
}
