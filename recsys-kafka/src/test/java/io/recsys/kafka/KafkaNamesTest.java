package io.recsys.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a b", "x/y", "t\n"})
    void badTopics_areRejectedWithoutEchoingThem(String topic) {
        assertThatThrownBy(() -> KafkaProvenanceSink.builder("localhost:9092", topic))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid Kafka topic name; expected 1-249 of [a-zA-Z0-9._-]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "localhost:", "host:123456", "a:1;rm -rf", "a:1,,b:2"})
    void badBootstrapServers_areRejected(String bootstrap) {
        assertThatThrownBy(() -> KafkaPlane.builder(bootstrap, "predictions"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap");
    }

    @Test
    void goodNames_pass() {
        assertThat(KafkaNames.requireTopic("user-events.v2_x")).isEqualTo("user-events.v2_x");
        assertThat(KafkaNames.requireBootstrap("kafka-1:9092,10.0.0.2:9093")).isEqualTo("kafka-1:9092,10.0.0.2:9093");
    }

    @Test
    void builderLimits_areChecked() {
        var b = KafkaProvenanceSink.builder("localhost:9092", "p");
        assertThatThrownBy(() -> b.bufferBytes(1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.deliveryTimeout(Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KafkaEventSource.builder("localhost:9092", "e", "", e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group");
        assertThatThrownBy(() -> new TopicSnapshotReader("localhost:9092", "e", Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
