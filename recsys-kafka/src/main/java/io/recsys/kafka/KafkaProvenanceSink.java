package io.recsys.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.PredictionRecord;
import io.recsys.core.spi.ProvenanceSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every {@link PredictionRecord} to a Kafka topic as an Avro binary record
 * ({@link PredictionAvro}), keyed by the user id (decimal text), so one user's predictions stay in
 * order on one partition.
 *
 * <p><b>Never blocks a request.</b> The hand-off is the producer's own record accumulator, bounded
 * in bytes by {@code buffer.memory}, with {@code max.block.ms=0}: when the buffer is full (the
 * broker is down or slower than the request rate) or the topic's metadata is unknown,
 * {@code send} fails at once and the record is dropped and counted in
 * {@code provenance.sink.dropped{sink="kafka"}}. There is no second queue and no extra thread: the
 * accumulator already is a bytes-bounded queue drained by the producer's I/O thread. The topic's
 * metadata is fetched once when the sink is built (waiting up to {@code startupWait}), so the
 * first requests are not dropped for want of it.
 *
 * <p><b>Delivery.</b> Idempotent producer, {@code acks=all}, lz4 compression. A record in the
 * buffer is retried until {@code delivery.timeout.ms}; a broker outage shorter than that loses
 * nothing, a longer one fails the expired batches, counted in
 * {@code provenance.sink.failed{sink="kafka"}}. Delivered records are counted in
 * {@code provenance.sink.sent{sink="kafka"}}. After an outage the producer reconnects by itself.
 * {@link #close()} flushes and waits up to the close timeout; whatever is still unsent then is
 * aborted and counted as failed.
 */
public final class KafkaProvenanceSink implements ProvenanceSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaProvenanceSink.class);

    /** Sink name in metrics and logs. */
    public static final String NAME = "kafka";

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration closeTimeout;
    private final Counter droppedCounter;
    private final Counter failedCounter;
    private final Counter sentCounter;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaProvenanceSink(Builder b) {
        this.topic = b.topic;
        this.closeTimeout = b.closeTimeout;
        MeterRegistry meters = b.meters;
        this.droppedCounter = Counter.builder("provenance.sink.dropped")
                .description("Provenance records dropped because the sink's buffer was full or it was closed")
                .tag("sink", NAME).register(meters);
        this.failedCounter = Counter.builder("provenance.sink.failed")
                .description("Provenance records the broker never acknowledged (delivery timeout or close)")
                .tag("sink", NAME).register(meters);
        this.sentCounter = Counter.builder("provenance.sink.sent")
                .description("Provenance records acknowledged by the broker")
                .tag("sink", NAME).register(meters);
        this.producer = new KafkaProducer<>(producerConfig(b), new StringSerializer(), new ByteArraySerializer());
        warmUp(b.startupWait);
    }

    static Map<String, Object> producerConfig(Builder b) {
        Map<String, Object> c = new HashMap<>(b.overrides);
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrap);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, b.clientId);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        c.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, b.bufferBytes);
        // the request thread must never wait: a full buffer or missing metadata fails send() at once
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0L);
        c.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) b.deliveryTimeout.toMillis());
        c.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.min(30_000, b.deliveryTimeout.toMillis() - 5));
        return c;
    }

    /** Fetches the topic's metadata before the first request, since send() may not wait for it. */
    private void warmUp(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                producer.partitionsFor(topic);
                return;
            } catch (KafkaException e) {
                if (System.nanoTime() - deadline > 0) {
                    LOG.warn("Kafka topic {} metadata unavailable after {}; records are dropped until it arrives",
                            topic, wait);
                    return;
                }
                // partitionsFor with max.block.ms=0 only requests an update; give the I/O thread a moment
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * @param bootstrap {@code host:port[,host:port...]}
     * @param topic the prediction topic
     * @return a builder with the defaults described on its methods
     */
    public static Builder builder(String bootstrap, String topic) {
        return new Builder(bootstrap, topic);
    }

    @Override
    public void accept(PredictionRecord record) {
        if (closed.get()) {
            drop();
            return;
        }
        ProducerRecord<String, byte[]> pr = new ProducerRecord<>(topic, null, record.timestamp() > 0 ? record.timestamp() : null,
                Long.toString(record.userId()), PredictionAvro.encode(record));
        try {
            producer.send(pr, (metadata, error) -> {
                if (error == null) {
                    sent.increment();
                    sentCounter.increment();
                } else {
                    failed.increment();
                    failedCounter.increment();
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            // BufferExhaustedException / TimeoutException (max.block.ms=0), or closed underneath us
            drop();
        }
    }

    private void drop() {
        dropped.increment();
        droppedCounter.increment();
    }

    /** Sends what is buffered and waits for the acknowledgements (or their failure). */
    @Override
    public void flush() {
        if (!closed.get()) {
            producer.flush();
        }
    }

    /** Stops accepting, then sends what is buffered, waiting at most the close timeout. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            producer.close(closeTimeout);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return records dropped before reaching the producer's buffer */
    public long dropped() {
        return dropped.sum();
    }

    /** @return records that reached the buffer but were never acknowledged */
    public long failed() {
        return failed.sum();
    }

    /** @return records acknowledged by the broker */
    public long sent() {
        return sent.sum();
    }

    /** @return {@code running} until {@link #close()}, then {@code stopped} */
    public ComponentState state() {
        return closed.get() ? ComponentState.STOPPED : ComponentState.RUNNING;
    }

    /** @return the prediction topic */
    public String topic() {
        return topic;
    }

    /** Builder of {@link KafkaProvenanceSink}. */
    public static final class Builder {
        private final String bootstrap;
        private final String topic;
        private String clientId = "recsys-provenance";
        private long bufferBytes = 32L * 1024 * 1024;
        private Duration deliveryTimeout = Duration.ofMinutes(2);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Duration startupWait = Duration.ofSeconds(10);
        private MeterRegistry meters = new SimpleMeterRegistry();
        private final Map<String, Object> overrides = new HashMap<>();

        private Builder(String bootstrap, String topic) {
            this.bootstrap = KafkaNames.requireBootstrap(bootstrap);
            this.topic = KafkaNames.requireTopic(topic);
        }

        /** @param value the producer's client id (default {@code recsys-provenance}) @return this */
        public Builder clientId(String value) {
            clientId = Objects.requireNonNull(value, "clientId");
            return this;
        }

        /**
         * @param value bytes the producer may buffer before records are dropped (default 32 MiB)
         * @return this
         */
        public Builder bufferBytes(long value) {
            if (value < 64 * 1024) {
                throw new IllegalArgumentException("buffer must be at least 64 KiB, got " + value);
            }
            bufferBytes = value;
            return this;
        }

        /** @param value how long a buffered record is retried before it fails (default 2 min) @return this */
        public Builder deliveryTimeout(Duration value) {
            if (value.toMillis() < 1_000 || value.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("delivery timeout must be between 1 s and 24 days, got " + value);
            }
            deliveryTimeout = value;
            return this;
        }

        /** @param value how long {@link #close()} waits for acknowledgements (default 10 s) @return this */
        public Builder closeTimeout(Duration value) {
            closeTimeout = Objects.requireNonNull(value, "closeTimeout");
            return this;
        }

        /** @param value how long building waits for the topic's metadata (default 10 s) @return this */
        public Builder startupWait(Duration value) {
            startupWait = Objects.requireNonNull(value, "startupWait");
            return this;
        }

        /** @param value where the counters are registered @return this */
        public Builder meterRegistry(MeterRegistry value) {
            meters = Objects.requireNonNull(value, "meters");
            return this;
        }

        /**
         * A further producer setting (e.g. security); idempotence, acks, buffer and blocking are
         * fixed by this sink and cannot be overridden.
         *
         * @param key producer config key
         * @param value its value
         * @return this
         */
        public Builder property(String key, Object value) {
            overrides.put(key, value);
            return this;
        }

        /** @return the sink, connected (or connecting) to the brokers */
        public KafkaProvenanceSink build() {
            return new KafkaProvenanceSink(this);
        }
    }
}
