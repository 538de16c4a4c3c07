package io.recsys.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.examples.server.ServerOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve}'s Kafka flags and their {@code KAFKA_*} environment variables. */
class KafkaServeOptionsTest {
    private static ServeOptions parse(String... args) {
        var cli = new CommandLine(new RecsysCli());
        cli.parseArgs(args);
        return ((RecsysCli.Serve) cli.getSubcommands().get("serve").getCommand()).serve;
    }

    @Test
    void flags_becomeTheServersKafkaSettings() {
        ServeOptions s = parse("serve", "--registry", "r", "--kafka-bootstrap", "kafka:9092", "--prediction-topic",
                "reco-responses", "--event-topic", "user-events", "--event-group", "g1");
        assertThat(s.kafka.settings(Map.of())).isEqualTo(
                new ServerOptions.KafkaSettings("kafka:9092", "reco-responses", "user-events", "g1"));
    }

    @Test
    void environmentVariables_fillWhatTheFlagsLeaveOut_andFlagsWin() {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092", "KAFKA_PREDICTION_TOPIC", "preds",
                "KAFKA_EVENT_TOPIC", "events");
        assertThat(parse("serve", "--registry", "r").kafka.settings(env))
                .isEqualTo(new ServerOptions.KafkaSettings("k1:9092,k2:9092", "preds", "events", "recsys-server"));
        assertThat(parse("serve", "--registry", "r", "--prediction-topic", "other").kafka.settings(env).predictionTopic())
                .isEqualTo("other");
    }

    @Test
    void withoutBootstrap_noKafka_andHalfASettingIsAnError() {
        assertThat(parse("serve", "--registry", "r").kafka.settings(Map.of())).isNull();
        assertThat(parse("serve", "--registry", "r").kafka.settings(Map.of("KAFKA_BOOTSTRAP_SERVERS", " "))).isNull();
        assertThatThrownBy(() -> parse("serve", "--registry", "r", "--event-topic", "e").kafka.settings(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need --kafka-bootstrap");
        assertThatThrownBy(() -> parse("serve", "--registry", "r", "--kafka-bootstrap", "k:9092").kafka.settings(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs --prediction-topic");
        assertThatThrownBy(() -> parse("serve", "--registry", "r", "--kafka-bootstrap", "k:9092", "--prediction-topic", "p",
                "--event-group", "g").kafka.settings(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--event-group needs --event-topic");
    }

    @Test
    void demo_takesTheSameFlags() {
        var cli = new CommandLine(new RecsysCli());
        cli.parseArgs("demo", "--kafka-bootstrap", "kafka:9092", "--prediction-topic", "p");
        DemoCommand demo = cli.getSubcommands().get("demo").getCommand();
        assertThat(demo.kafka.settings(Map.of())).isEqualTo(new ServerOptions.KafkaSettings("kafka:9092", "p", null, null));
    }
}
