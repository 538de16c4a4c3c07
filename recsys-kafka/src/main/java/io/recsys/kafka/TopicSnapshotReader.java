package io.recsys.kafka;

import io.recsys.core.event.UserEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a training snapshot of the event topic: every partition from its beginning up to the end
 * offset taken when reading starts, with no consumer group (nothing is committed). Records past
 * those offsets, produced while reading, are left out, so {@link TopicSnapshot#dataVersion()}
 * names exactly what was read. Malformed events are counted and skipped.
 */
public final class TopicSnapshotReader {
    private final String bootstrap;
    private final String topic;
    private final Duration timeout;
    private final int maxEvents;

    /**
     * @param bootstrap {@code host:port[,host:port...]}
     * @param topic the event topic
     * @param timeout how long the whole read may take
     * @param maxEvents most events read before failing (bounds memory)
     */
    public TopicSnapshotReader(String bootstrap, String topic, Duration timeout, int maxEvents) {
        this.bootstrap = KafkaNames.requireBootstrap(bootstrap);
        this.topic = KafkaNames.requireTopic(topic);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be positive, got " + maxEvents);
        }
        this.maxEvents = maxEvents;
    }

    /**
     * @return the snapshot
     * @throws TimeoutException when the topic cannot be read to its end offsets within the timeout
     * @throws IllegalStateException when the topic does not exist or holds more than maxEvents records
     */
    public TopicSnapshot read() throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> cc = new HashMap<>();
        cc.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cc.put(ConsumerConfig.CLIENT_ID_CONFIG, "recsys-snapshot");
        cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cc.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("Kafka topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : infos) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            TreeMap<Integer, Long> endOffsets = new TreeMap<>();
            Map<TopicPartition, Long> open = new HashMap<>();
            for (TopicPartition tp : partitions) {
                endOffsets.put(tp.partition(), ends.get(tp));
                if (consumer.position(tp, remaining(deadline)) < ends.get(tp)) {
                    open.put(tp, ends.get(tp));
                } else {
                    consumer.pause(List.of(tp));
                }
            }
            Map<Integer, List<Interaction>> byPartition = new TreeMap<>();
            long malformed = 0;
            long read = 0;
            while (!open.isEmpty()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new TimeoutException("Kafka topic " + topic + " not read to its end offsets within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long end = open.get(tp);
                    if (end == null || r.offset() >= end) {
                        continue;
                    }
                    if (++read > maxEvents) {
                        throw new IllegalStateException("Kafka topic " + topic + " holds more than " + maxEvents + " events");
                    }
                    try {
                        UserEvent e = UserEventCodec.decode(r.value(), r.timestamp());
                        byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>())
                                .add(new Interaction(e.userId(), e.itemId(), e.value(), e.timestamp()));
                    } catch (MalformedEventException e) {
                        malformed++;
                    }
                    if (r.offset() + 1 >= end) {
                        open.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
                // a partition whose tail records are transaction markers ends without a record at end-1
                for (TopicPartition tp : List.copyOf(open.keySet())) {
                    if (consumer.position(tp, remaining(deadline)) >= open.get(tp)) {
                        open.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
            }
            List<Interaction> all = new ArrayList<>();
            byPartition.values().forEach(all::addAll);
            return new TopicSnapshot(topic, endOffsets, all, malformed);
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }
}
