package io.recsys.kafka;

import java.util.regex.Pattern;

/** Validation of the connection and topic names that arrive from flags and environment variables. */
final class KafkaNames {
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern BOOTSTRAP = Pattern.compile("[a-zA-Z0-9.\\-\\[\\]:]+:[0-9]{1,5}(,[a-zA-Z0-9.\\-\\[\\]:]+:[0-9]{1,5})*");

    private KafkaNames() {
    }

    static String requireTopic(String topic) {
        if (topic == null || !TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("invalid Kafka topic name; expected 1-249 of [a-zA-Z0-9._-]");
        }
        return topic;
    }

    static String requireBootstrap(String bootstrap) {
        if (bootstrap == null || bootstrap.length() > 2048 || !BOOTSTRAP.matcher(bootstrap).matches()) {
            throw new IllegalArgumentException("invalid Kafka bootstrap servers; expected host:port[,host:port...]");
        }
        return bootstrap;
    }
}
