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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p><b>Never blocks a request.</b> {@link #accept} encodes the record and offers it to a queue
 * bounded in bytes ({@code bufferBytes}); when the queue is full (the broker is down or slower than
 * the request rate) or the sink is closed, the record is dropped and counted in
 * {@code provenance.sink.dropped{sink="kafka"}}. One sender thread hands queued records to the
 * producer, whose own accumulator is bounded by the same number of bytes ({@code buffer.memory}).
 * The sender, not the request, waits when the producer cannot take a record: for the topic's
 * metadata or for buffer space while the broker is away, up to the delivery timeout. The producer
 * cannot do this by itself with {@code max.block.ms=0}: during an outage the topic drops out of its
 * metadata and every {@code send} would fail at once, losing even a short outage's records.
 *
 * <p><b>Delivery.</b> Idempotent producer, {@code acks=all}, lz4 compression; retries are
 * de-duplicated by the broker, so a record is written at most once. A broker outage shorter than
 * the delivery timeout (default 2 min) loses nothing but what did not fit in the queue; records
 * the producer gives up on are counted in {@code provenance.sink.failed{sink="kafka"}}, delivered
 * ones in {@code provenance.sink.sent{sink="kafka"}}. The producer reconnects by itself.
 * {@link #close()} delivers what is queued and buffered, waiting at most the close timeout; what
 * is still undelivered then is aborted and counted as failed. So after a close,
 * {@code sent + dropped + failed} equals the records accepted.
 */
public final class KafkaProvenanceSink implements ProvenanceSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaProvenanceSink.class);

    /** Sink name in metrics and logs. */
    public static final String NAME = "kafka";

    /** Rough per-record bookkeeping beyond the value: key, headers, queue node. */
    private static final int RECORD_OVERHEAD = 64;

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
    private volatile String lastFailure;
    private final LinkedBlockingQueue<ProducerRecord<String, byte[]>> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxQueuedBytes;
    private final Object idle = new Object();
    /** Records accepted and not yet handed to the producer (queued or being sent). */
    private final AtomicLong pending = new AtomicLong();
    private final Thread sender;

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
        this.maxQueuedBytes = b.bufferBytes;
        this.producer = new KafkaProducer<>(producerConfig(b), new StringSerializer(), new ByteArraySerializer());
        this.sender = new Thread(this::run, "kafka-provenance-" + topic);
        this.sender.setDaemon(true);
        this.sender.start();
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
        // only the sender thread waits, for metadata or buffer space, as long as a delivery may take
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, b.deliveryTimeout.toMillis());
        c.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) b.deliveryTimeout.toMillis());
        c.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.min(30_000, b.deliveryTimeout.toMillis() - 5));
        return c;
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
        byte[] value = PredictionAvro.encode(record);
        long size = value.length + RECORD_OVERHEAD;
        if (closed.get() || !reserve(size)) {
            drop();
            return;
        }
        pending.incrementAndGet();
        queue.add(new ProducerRecord<>(topic, null, record.timestamp() > 0 ? record.timestamp() : null,
                Long.toString(record.userId()), value));
    }

    private boolean reserve(long size) {
        while (true) {
            long now = queuedBytes.get();
            if (now + size > maxQueuedBytes) {
                return false;
            }
            if (queuedBytes.compareAndSet(now, now + size)) {
                return true;
            }
        }
    }

    private void drop() {
        dropped.increment();
        droppedCounter.increment();
    }

    private void fail(Exception error) {
        lastFailure = error.getClass().getSimpleName();
        failed.increment();
        failedCounter.increment();
    }

    /** The sender thread: hands queued records to the producer, waiting for it when it must. */
    private void run() {
        while (true) {
            ProducerRecord<String, byte[]> r;
            try {
                r = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (r == null) {
                if (closed.get()) {
                    break;
                }
                continue;
            }
            queuedBytes.addAndGet(-(r.value().length + RECORD_OVERHEAD));
            try {
                producer.send(r, (metadata, error) -> {
                    if (error == null) {
                        sent.increment();
                        sentCounter.increment();
                    } else {
                        fail(error);
                    }
                });
            } catch (KafkaException | IllegalStateException e) {
                // metadata or buffer space did not come within max.block.ms, or the producer closed
                fail(e);
            } finally {
                if (pending.decrementAndGet() == 0) {
                    synchronized (idle) {
                        idle.notifyAll();
                    }
                }
            }
        }
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    /** @return whether every queued record reached the producer within {@code wait} */
    private boolean drain(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (idle) {
            while (pending.get() > 0 && sender.isAlive()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    idle.wait(Math.min(left, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return pending.get() == 0;
    }

    /**
     * Hands every queued record to the producer and waits for the acknowledgements (or their
     * failure), at most the close timeout for the queue.
     */
    @Override
    public void flush() {
        if (!closed.get() && drain(closeTimeout)) {
            producer.flush();
        }
    }

    /**
     * Stops accepting, delivers what is queued and buffered within the close timeout, then closes
     * the producer; records still undelivered are counted as failed.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        if (!drain(closeTimeout)) {
            LOG.warn("Kafka sink for {} closed with {} records undelivered", topic, queue.size());
        }
        sender.interrupt();
        try {
            sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        for (ProducerRecord<String, byte[]> left; (left = queue.poll()) != null; ) {
            pending.decrementAndGet();
            fail(new IllegalStateException("closed"));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return records dropped because the queue was full or the sink closed */
    public long dropped() {
        return dropped.sum();
    }

    /** @return records accepted but never acknowledged */
    public long failed() {
        return failed.sum();
    }

    /** @return the type of the last delivery failure, or null when none */
    public String lastFailure() {
        return lastFailure;
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
         * @param value bytes queued for the sender before records are dropped, and the producer's
         *     {@code buffer.memory} (default 32 MiB each)
         * @return this
         */
        public Builder bufferBytes(long value) {
            if (value < 64 * 1024) {
                throw new IllegalArgumentException("buffer must be at least 64 KiB, got " + value);
            }
            bufferBytes = value;
            return this;
        }

        /**
         * @param value how long the sender waits for metadata or buffer space, and how long a
         *     buffered record is retried, before it fails (default 2 min)
         * @return this
         */
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
