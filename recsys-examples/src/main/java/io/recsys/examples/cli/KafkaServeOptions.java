package io.recsys.examples.cli;

import io.recsys.examples.server.ServerOptions;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code serve}'s and {@code demo}'s Kafka flags: predictions out to a topic, user events in from
 * another. Each flag falls back to its environment variable ({@link #BOOTSTRAP_ENV} and the rest);
 * with no bootstrap servers from either, the server runs without Kafka.
 */
final class KafkaServeOptions {
    static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    static final String PREDICTION_TOPIC_ENV = "KAFKA_PREDICTION_TOPIC";
    static final String EVENT_TOPIC_ENV = "KAFKA_EVENT_TOPIC";
    static final String EVENT_GROUP_ENV = "KAFKA_EVENT_GROUP";

    @Option(names = {"--kafka-bootstrap", "--kafka_bootstrap"}, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (" + BOOTSTRAP_ENV + "); needs --prediction-topic")
    String bootstrap;

    @Option(names = {"--prediction-topic", "--prediction_topic"}, paramLabel = "T",
            description = "Topic every served prediction is written to, Avro (" + PREDICTION_TOPIC_ENV + ")")
    String predictionTopic;

    @Option(names = {"--event-topic", "--event_topic"}, paramLabel = "T",
            description = "Topic of user events feeding /experiment/analyze; dead letters to T.dlt (" + EVENT_TOPIC_ENV + ")")
    String eventTopic;

    @Option(names = {"--event-group", "--event_group"}, paramLabel = "G",
            description = "Consumer group of the event topic (" + EVENT_GROUP_ENV + "; default "
                    + ServerOptions.KafkaSettings.DEFAULT_GROUP + ")")
    String eventGroup;

    /**
     * @param env the environment, consulted for every flag not given
     * @return the Kafka settings, or null when no bootstrap servers are given
     * @throws IllegalArgumentException when topics are given without bootstrap servers, or
     *     bootstrap servers without a prediction topic
     */
    ServerOptions.KafkaSettings settings(Map<String, String> env) {
        String servers = orEnv(bootstrap, env, BOOTSTRAP_ENV);
        String predictions = orEnv(predictionTopic, env, PREDICTION_TOPIC_ENV);
        String events = orEnv(eventTopic, env, EVENT_TOPIC_ENV);
        String group = orEnv(eventGroup, env, EVENT_GROUP_ENV);
        if (servers == null) {
            if (predictions != null || events != null || group != null) {
                throw new IllegalArgumentException("Kafka topics need --kafka-bootstrap (or " + BOOTSTRAP_ENV + ")");
            }
            return null;
        }
        if (predictions == null) {
            throw new IllegalArgumentException("--kafka-bootstrap needs --prediction-topic (or " + PREDICTION_TOPIC_ENV + ")");
        }
        if (group != null && events == null) {
            throw new IllegalArgumentException("--event-group needs --event-topic (or " + EVENT_TOPIC_ENV + ")");
        }
        return new ServerOptions.KafkaSettings(servers, predictions, events, group);
    }

    /** @return the flag's value, else the variable's (blank counts as unset) */
    private static String orEnv(String flag, Map<String, String> env, String variable) {
        String v = flag != null ? flag : env.get(variable);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
