package io.recsys.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes user events (JSON or Avro, see {@link UserEventCodec}) from a topic in a consumer group
 * and hands each to a {@link UserEventListener} on one thread of its own.
 *
 * <ul>
 *   <li>At-least-once: offsets are committed after every event of a poll has been handed to the
 *       listener and returned (and any dead letters acknowledged); a crash replays at most the
 *       uncommitted poll.</li>
 *   <li>A malformed event, or one the listener rejects with an exception, goes to the dead-letter
 *       topic unchanged (key and value) with headers {@value #REASON_HEADER} (the reason) and
 *       {@code recsys.dlt.source} ({@code topic/partition/offset}); it is counted and the consumer
 *       goes on.</li>
 *   <li>Metrics: {@code events.source.consumed}, {@code events.source.dead_lettered} (counters)
 *       and {@code events.source.lag} (records behind the log end, summed over the assignment).</li>
 *   <li>{@link #close()} wakes the consumer and waits a bounded time for it to leave the group;
 *       {@link #state()} is {@code new}, {@code running}, {@code failed} or {@code stopped}.</li>
 * </ul>
 */
public final class KafkaEventSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSource.class);

    /** Header carrying why an event was dead-lettered. */
    public static final String REASON_HEADER = "recsys.dlt.reason";
    /** Header carrying where a dead-lettered event came from ({@code topic/partition/offset}). */
    public static final String SOURCE_HEADER = "recsys.dlt.source";

    private final String topic;
    private final String deadLetterTopic;
    private final UserEventListener listener;
    private final Duration closeTimeout;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> deadLetters;
    private final Counter consumedCounter;
    private final Counter deadLetteredCounter;
    private final Counter deadLetterRetries;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicReference<ComponentState> state = new AtomicReference<>(ComponentState.NEW);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopRequested;

    private KafkaEventSource(Builder b) {
        this.topic = b.topic;
        this.deadLetterTopic = b.deadLetterTopic == null ? b.topic + ".dlt" : b.deadLetterTopic;
        this.listener = b.listener;
        this.closeTimeout = b.closeTimeout;
        Map<String, Object> cc = new HashMap<>(b.overrides);
        cc.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrap);
        cc.put(ConsumerConfig.GROUP_ID_CONFIG, b.groupId);
        cc.put(ConsumerConfig.CLIENT_ID_CONFIG, b.clientId);
        cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cc.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cc.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        cc.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024);
        this.consumer = new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> pc = new HashMap<>();
        pc.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrap);
        pc.put(ProducerConfig.CLIENT_ID_CONFIG, b.clientId + "-dlt");
        pc.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        pc.put(ProducerConfig.ACKS_CONFIG, "all");
        this.deadLetters = new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer());
        MeterRegistry meters = b.meters;
        this.consumedCounter = Counter.builder("events.source.consumed").description("User events handed to the listener")
                .tag("topic", topic).register(meters);
        this.deadLetteredCounter = Counter.builder("events.source.dead_lettered")
                .description("Malformed or rejected user events sent to the dead-letter topic")
                .tag("topic", topic).register(meters);
        this.deadLetterRetries = Counter.builder("events.source.dead_letter_retries")
                .description("Dead letters sent again because the dead-letter topic was unavailable")
                .tag("topic", topic).register(meters);
        Gauge.builder("events.source.lag", lag, AtomicLong::get).description("Records behind the log end")
                .tag("topic", topic).register(meters);
        this.thread = new Thread(this::run, "kafka-events-" + topic);
        this.thread.setDaemon(true);
    }

    /**
     * @param bootstrap {@code host:port[,host:port...]}
     * @param topic the event topic
     * @param groupId the consumer group
     * @param listener receives every well-formed event
     * @return a builder
     */
    public static Builder builder(String bootstrap, String topic, String groupId, UserEventListener listener) {
        return new Builder(bootstrap, topic, groupId, listener);
    }

    /**
     * Starts consuming on the source's own thread.
     *
     * @return this
     * @throws IllegalStateException when already started
     */
    public KafkaEventSource start() {
        if (!state.compareAndSet(ComponentState.NEW, ComponentState.RUNNING)) {
            throw new IllegalStateException("event source already started");
        }
        thread.start();
        return this;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (!stopRequested) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    handle(records);
                }
                updateLag();
            }
            state.set(ComponentState.STOPPED);
        } catch (WakeupException e) {
            state.set(stopRequested ? ComponentState.STOPPED : ComponentState.FAILED);
        } catch (RuntimeException | Error e) {
            LOG.error("Kafka event source on {} failed: {}", topic, e.getClass().getSimpleName());
            state.set(ComponentState.FAILED);
        } finally {
            closeClients();
            finished.countDown();
        }
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        List<ProducerRecord<byte[], byte[]>> letters = new ArrayList<>();
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String reason = apply(r);
            if (reason != null) {
                ProducerRecord<byte[], byte[]> letter = deadLetter(r, reason);
                letters.add(letter);
                pending.add(deadLetters.send(letter));
            }
            commit.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        for (int i = 0; i < pending.size(); i++) {
            awaitDeadLetter(letters.get(i), pending.get(i));
        }
        consumer.commitSync(commit);
    }

    /** @return null when the listener applied the event, else why it was not */
    private String apply(ConsumerRecord<byte[], byte[]> r) {
        UserEvent event;
        try {
            event = UserEventCodec.decode(r.value(), r.timestamp());
        } catch (MalformedEventException e) {
            return e.getMessage();
        }
        try {
            listener.onEvent(event);
            consumedCounter.increment();
            return null;
        } catch (IllegalArgumentException e) {
            return "rejected by listener: " + e.getMessage();
        } catch (RuntimeException e) {
            return "listener failed: " + e.getClass().getSimpleName();
        }
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
        deadLetteredCounter.increment();
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, truncate(reason).getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_HEADER, (r.topic() + "/" + r.partition() + "/" + r.offset()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(deadLetterTopic, null, r.key(), r.value(), headers);
    }

    /**
     * Waits for a dead letter's acknowledgement before the poll's offsets are committed. When the
     * dead-letter topic is unavailable (the producer gave up after its delivery timeout) the letter
     * is sent again: the consumer waits rather than stops or loses the event, until it is closed.
     */
    private void awaitDeadLetter(ProducerRecord<byte[], byte[]> letter, Future<RecordMetadata> first) {
        Future<RecordMetadata> f = first;
        while (true) {
            try {
                f.get(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                // still in flight; keep waiting unless asked to stop
            } catch (ExecutionException e) {
                deadLetterRetries.increment();
                LOG.warn("Dead-letter topic {} unavailable ({}); sending again", deadLetterTopic,
                        e.getCause().getClass().getSimpleName());
                f = deadLetters.send(letter);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
            if (stopRequested) {
                // not committed: the poll is replayed after a restart, so the event is not lost
                throw new WakeupException();
            }
        }
    }

    private static String truncate(String reason) {
        return reason.length() <= 512 ? reason : reason.substring(0, 512);
    }

    private void updateLag() {
        long total = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                total += l.getAsLong();
            }
        }
        lag.set(total);
    }

    private void closeClients() {
        try {
            consumer.close(CloseOptions.timeout(closeTimeout));
        } catch (RuntimeException e) {
            LOG.warn("Kafka consumer on {} did not close cleanly: {}", topic, e.getClass().getSimpleName());
        }
        deadLetters.close(closeTimeout);
    }

    /** @return the current state: new, running, failed or stopped */
    public ComponentState state() {
        return state.get();
    }

    /** @return records behind the log end over the assigned partitions, as of the last poll */
    public long lag() {
        return lag.get();
    }

    /** @return the event topic */
    public String topic() {
        return topic;
    }

    /** @return the dead-letter topic */
    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /**
     * Stops consuming, commits nothing further, leaves the group and closes, waiting at most about
     * twice the close timeout.
     */
    @Override
    public void close() {
        stopRequested = true;
        if (state.compareAndSet(ComponentState.NEW, ComponentState.STOPPED)) {
            closeClients();
            return;
        }
        consumer.wakeup();
        try {
            if (!finished.await(closeTimeout.toMillis() * 2 + 1_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("Kafka event source on {} did not stop within the close timeout", topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builder of {@link KafkaEventSource}. */
    public static final class Builder {
        private final String bootstrap;
        private final String topic;
        private final String groupId;
        private final UserEventListener listener;
        private String deadLetterTopic;
        private String clientId = "recsys-events";
        private Duration closeTimeout = Duration.ofSeconds(5);
        private MeterRegistry meters = new SimpleMeterRegistry();
        private final Map<String, Object> overrides = new HashMap<>();

        private Builder(String bootstrap, String topic, String groupId, UserEventListener listener) {
            this.bootstrap = KafkaNames.requireBootstrap(bootstrap);
            this.topic = KafkaNames.requireTopic(topic);
            if (groupId == null || groupId.isBlank() || groupId.length() > 255) {
                throw new IllegalArgumentException("consumer group id must be 1-255 characters");
            }
            this.groupId = groupId;
            this.listener = Objects.requireNonNull(listener, "listener");
        }

        /** @param value the dead-letter topic (default: the event topic + {@code .dlt}) @return this */
        public Builder deadLetterTopic(String value) {
            deadLetterTopic = KafkaNames.requireTopic(value);
            return this;
        }

        /** @param value client id prefix (default {@code recsys-events}) @return this */
        public Builder clientId(String value) {
            clientId = Objects.requireNonNull(value, "clientId");
            return this;
        }

        /** @param value bound on leaving the group and closing (default 5 s) @return this */
        public Builder closeTimeout(Duration value) {
            closeTimeout = Objects.requireNonNull(value, "closeTimeout");
            return this;
        }

        /** @param value where the metrics are registered @return this */
        public Builder meterRegistry(MeterRegistry value) {
            meters = Objects.requireNonNull(value, "meters");
            return this;
        }

        /**
         * A further consumer setting (e.g. security); the group, bootstrap and auto-commit are fixed.
         *
         * @param key consumer config key
         * @param value its value
         * @return this
         */
        public Builder property(String key, Object value) {
            overrides.put(key, value);
            return this;
        }

        /** @return the source, not yet started */
        public KafkaEventSource build() {
            return new KafkaEventSource(this);
        }
    }
}
