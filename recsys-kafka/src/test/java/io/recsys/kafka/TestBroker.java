package io.recsys.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.awaitility.Awaitility;

/**
 * A real single-node KRaft Kafka (one combined broker+controller process in this JVM), from the
 * Maven Central {@code kafka_2.13} and {@code kafka-test-common-runtime} artifacts, on loopback
 * with an ephemeral port and a temporary log directory. The broker can be stopped and started
 * again on the same port and log directory.
 */
final class TestBroker implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private final long startMillis;

    private TestBroker(KafkaClusterTestKit cluster, long startMillis) {
        this.cluster = cluster;
        this.startMillis = startMillis;
    }

    static TestBroker start(Path baseDir) throws Exception {
        long t0 = System.nanoTime();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).setBaseDirectory(baseDir).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("[kafka-test] broker started in " + ms + " ms at " + cluster.bootstrapServers());
        return new TestBroker(cluster, ms);
    }

    String bootstrap() {
        return cluster.bootstrapServers();
    }

    long startMillis() {
        return startMillis;
    }

    private BrokerServer broker() {
        return cluster.brokers().values().iterator().next();
    }

    /** Stops the broker process (the controller stays up); clients see the port refuse connections. */
    void stopBroker() {
        BrokerServer b = broker();
        b.shutdown();
        b.awaitShutdown();
    }

    /** Starts the stopped broker again, on the same port and log directory. */
    void startBroker() throws Exception {
        broker().startup();
        cluster.waitForReadyBrokers();
    }

    void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            // a created topic is usable once every partition has a leader; after a broker restart that
            // can lag the creation by seconds, so wait for it (poll with a deadline) before producing
            Awaitility.await("every partition of topic " + name + " has a leader").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        try {
                            var description = admin.describeTopics(List.of(name)).allTopicNames()
                                    .get(30, TimeUnit.SECONDS).get(name);
                            return description.partitions().size() == partitions && description.partitions().stream()
                                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                        } catch (java.util.concurrent.ExecutionException e) {
                            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                                return false; // the creation has not reached the metadata yet: ask again
                            }
                            throw e;
                        }
                    });
        }
    }

    KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer());
    }

    void produce(String topic, byte[] key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            p.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads every record of every partition of a topic, up to its current end offsets. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts, timeout);
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            Set<TopicPartition> open = new java.util.HashSet<>(parts);
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                open.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
            }
            if (!open.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " not read to its end within " + timeout);
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("test broker did not close", e);
        }
    }
}
