package io.recsys.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.event.UserEventListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The streaming plane of one server: a {@link KafkaProvenanceSink} for the prediction topic and,
 * when an event topic is configured, a started {@link KafkaEventSource} feeding a listener.
 * A server wires it in a few lines: build it, register {@link #sink()} with the recommendation
 * service, put {@link #states()} into {@code /healthz}, close it on shutdown.
 */
public final class KafkaPlane implements AutoCloseable {
    private final KafkaProvenanceSink sink;
    private final KafkaEventSource source;

    private KafkaPlane(Builder b) {
        this.sink = KafkaProvenanceSink.builder(b.bootstrap, b.predictionTopic).clientId(b.clientId + "-predictions")
                .meterRegistry(b.meters).build();
        if (b.eventTopic != null) {
            KafkaEventSource s = null;
            try {
                s = KafkaEventSource.builder(b.bootstrap, b.eventTopic, b.groupId, b.listener)
                        .clientId(b.clientId + "-events").meterRegistry(b.meters).build().start();
            } finally {
                if (s == null) {
                    sink.close();
                }
            }
            this.source = s;
        } else {
            this.source = null;
        }
    }

    /**
     * @param bootstrap {@code host:port[,host:port...]}
     * @param predictionTopic where predictions are written
     * @return a builder
     */
    public static Builder builder(String bootstrap, String predictionTopic) {
        return new Builder(bootstrap, predictionTopic);
    }

    /** @return the prediction sink, to register with the recommendation service */
    public KafkaProvenanceSink sink() {
        return sink;
    }

    /** @return the event source, or null when no event topic was configured */
    public KafkaEventSource source() {
        return source;
    }

    /**
     * @return {@code {"sink": "running", "source": "running"}} (no source entry without an event
     *     topic), for a health endpoint
     */
    public Map<String, String> states() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sink", sink.state().jsonName());
        if (source != null) {
            m.put("source", source.state().jsonName());
        }
        return m;
    }

    /** @return whether the sink and (if any) the source are running */
    public boolean healthy() {
        return sink.state() == ComponentState.RUNNING
                && (source == null || source.state() == ComponentState.RUNNING);
    }

    /** Stops the source, then flushes and closes the sink; each within its bounded close timeout. */
    @Override
    public void close() {
        try {
            if (source != null) {
                source.close();
            }
        } finally {
            sink.close();
        }
    }

    /** Builder of {@link KafkaPlane}. */
    public static final class Builder {
        private final String bootstrap;
        private final String predictionTopic;
        private String eventTopic;
        private String groupId = "recsys-server";
        private String clientId = "recsys";
        private UserEventListener listener;
        private MeterRegistry meters = new SimpleMeterRegistry();

        private Builder(String bootstrap, String predictionTopic) {
            this.bootstrap = KafkaNames.requireBootstrap(bootstrap);
            this.predictionTopic = KafkaNames.requireTopic(predictionTopic);
        }

        /**
         * @param topic the event topic to consume
         * @param listener receives every well-formed event
         * @return this
         */
        public Builder events(String topic, UserEventListener listener) {
            this.eventTopic = KafkaNames.requireTopic(topic);
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** @param value the consumer group (default {@code recsys-server}) @return this */
        public Builder groupId(String value) {
            groupId = Objects.requireNonNull(value, "groupId");
            return this;
        }

        /** @param value the client id prefix (default {@code recsys}) @return this */
        public Builder clientId(String value) {
            clientId = Objects.requireNonNull(value, "clientId");
            return this;
        }

        /** @param value where the sink's and source's metrics are registered @return this */
        public Builder meterRegistry(MeterRegistry value) {
            meters = Objects.requireNonNull(value, "meters");
            return this;
        }

        /** @return the plane: sink connected, source started */
        public KafkaPlane build() {
            return new KafkaPlane(this);
        }
    }
}
