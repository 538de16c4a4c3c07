package io.recsys.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserEventCodecTest {
    static final UserEvent RATE = new UserEvent("r-1", 7, 42, UserEventType.RATE, 4.5, 1_700_000_000_000L);

    @Test
    void json_and_avro_roundTrip() {
        assertThat(UserEventCodec.decode(UserEventCodec.encodeJson(RATE))).isEqualTo(RATE);
        assertThat(UserEventCodec.decode(UserEventCodec.encodeAvro(RATE))).isEqualTo(RATE);
        UserEvent click = UserEvent.of(null, 1, 2, UserEventType.CLICK, 5);
        assertThat(UserEventCodec.decode(UserEventCodec.encodeAvro(click))).isEqualTo(click);
    }

    @Test
    void json_valueDefaultsToOne_andTypeIsCaseInsensitive() {
        UserEvent e = UserEventCodec.decode(bytes(" {\"user_id\":1,\"item_id\":2,\"type\":\"WATCH\",\"timestamp\":3}"));
        assertThat(e).isEqualTo(UserEvent.of(null, 1, 2, UserEventType.WATCH, 3));
    }

    @Test
    void json_takesTheHttpFeedbackBody_withTheRecordTimestamp() {
        byte[] body = bytes("{\"user_id\": 42, \"movie_id\": 7, \"event\": \"click\", \"request_id\": \"r-9\"}");
        assertThat(UserEventCodec.decode(body, 1234L)).isEqualTo(UserEvent.of("r-9", 42, 7, UserEventType.CLICK, 1234));
        assertThatThrownBy(() -> UserEventCodec.decode(body)).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("timestamp");
        assertThat(UserEventCodec.decode(bytes("{\"user_id\":1,\"item_id\":2,\"type\":\"watch\",\"timestamp\":5}"), 99L)
                .timestamp()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"user_id\":1,\"item_id\":2,\"type\":\"like\",\"timestamp\":3}",
        "{\"user_id\":\"1\",\"item_id\":2,\"type\":\"click\",\"timestamp\":3}",
        "{\"user_id\":1.5,\"item_id\":2,\"type\":\"click\",\"timestamp\":3}",
        "{\"user_id\":-1,\"item_id\":2,\"type\":\"click\",\"timestamp\":3}",
        "{\"item_id\":2,\"type\":\"click\",\"timestamp\":3}",
        "{\"user_id\":1,\"item_id\":2,\"type\":\"rate\",\"value\":\"x\",\"timestamp\":3}",
        "{\"user_id\":1,\"item_id\":99999999999999999999,\"type\":\"click\",\"timestamp\":3}",
        "{\"user_id\":1",
        "[1,2]",
        "not json",
        ""
    })
    void malformed_isATypedExceptionNamingTheProblem(String payload) {
        assertThatThrownBy(() -> UserEventCodec.decode(bytes(payload))).isInstanceOf(MalformedEventException.class)
                .hasMessageNotContaining("Exception");
    }

    @Test
    void truncatedOrPaddedAvro_isMalformed() {
        byte[] avro = UserEventCodec.encodeAvro(RATE);
        assertThatThrownBy(() -> UserEventCodec.decode(Arrays.copyOf(avro, avro.length - 3)))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> UserEventCodec.decode(Arrays.copyOf(avro, avro.length + 1)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("trailing");
    }

    @Test
    void oversized_isMalformed() {
        assertThatThrownBy(() -> UserEventCodec.decode(new byte[UserEventCodec.MAX_BYTES + 1]))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("larger than");
    }

    @Test
    void dataVersion_namesEveryPartitionsEndOffset() {
        TopicSnapshot s = new TopicSnapshot("events", new java.util.TreeMap<>(java.util.Map.of(1, 7L, 0, 12L)),
                java.util.List.of(), 0);
        assertThat(s.dataVersion()).isEqualTo("kafka:events:0=12,1=7");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
