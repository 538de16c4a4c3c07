package io.recsys.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.provenance.testing.SealedFixtures;
import io.recsys.kafka.KafkaEventSource;
import io.recsys.kafka.PredictionAvro;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with its Kafka plane ({@code serve --kafka-bootstrap ...}) through real HTTP on an
 * ephemeral port, against one real single-node KRaft broker started here for the whole class:
 * predictions out exactly once, events in to {@code /experiment/analyze}, malformed events to the
 * dead-letter topic, and the plane's state in {@code /healthz} and {@code /metrics}.
 */
class KafkaServeIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path temp;
    static KafkaClusterTestKit cluster;
    static String bootstrap;
    static Path registry;

    @BeforeAll
    static void startBrokerAndPublish() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setBaseDirectory(Files.createDirectories(temp.resolve("kafka"))).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0").build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        bootstrap = cluster.bootstrapServers();
        var reg = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(reg, temp, 1000, 40, 200);
        SealedFixtures.publishPopularity(reg, temp, 2000, 40, 200);
        registry = reg.root();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyAnsweredRequest_isInThePredictionTopicExactlyOnce_afterACleanShutdown() throws Exception {
        createTopics(3, "predictions-once");
        Map<String, Long> answeredUser = new HashMap<>();
        Map<String, String> answeredVersion = new HashMap<>();
        try (var h = server(new ServerOptions.KafkaSettings(bootstrap, "predictions-once", null, null),
                Map.of("MODEL_VERSION", "v0.1", "ROLLOUT_STRATEGY", "canary", "CANARY_VERSION", "v0.2",
                        "CANARY_PERCENTAGE", "30"))) {
            for (int u = 0; u < 300; u++) {
                HttpResponse<String> r = u % 3 == 0 ? h.get("/recommend/" + u + "?k=3", "X-Request-ID", "client-" + u)
                        : h.get("/recommend/" + u + "?k=3");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                String id = r.headers().firstValue("X-Request-ID").orElseThrow();
                assertThat(answeredUser.put(id, (long) u)).as("request ids are unique").isNull();
                answeredVersion.put(id, r.headers().firstValue("X-Model-Version").orElseThrow());
            }
            JsonNode kafka = ServerHarness.json(h.get("/healthz")).get("kafka");
            assertThat(kafka.get("sink").get("state").asText()).isEqualTo("running");
            assertThat(kafka.has("source")).as("no event topic, no source").isFalse();
        } // a clean shutdown: the service's sinks are flushed and closed, the Kafka sink among them

        List<ConsumerRecord<byte[], byte[]>> records = readAll("predictions-once");
        assertThat(records).hasSize(answeredUser.size());
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            GenericRecord p = decodePrediction(r.value());
            String id = p.get("request_id").toString();
            assertThat(seen.add(id)).as("request %s appears once", id).isTrue();
            assertThat(answeredUser).containsKey(id);
            assertThat((Long) p.get("user_id")).isEqualTo(answeredUser.get(id));
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(Long.toString(answeredUser.get(id)));
            assertThat(p.get("model_version").toString()).isEqualTo(answeredVersion.get(id));
            assertThat(p.get("shadow")).isEqualTo(false);
        }
        assertThat(seen).isEqualTo(answeredUser.keySet());
    }

    @Test
    void eventsReachExperimentAnalyze_aMalformedOneIsDeadLettered_andTheServerKeepsServing() throws Exception {
        createTopics(1, "predictions-ab", "events-ab", "events-ab.dlt");
        try (var h = server(new ServerOptions.KafkaSettings(bootstrap, "predictions-ab", "events-ab", "it-group"),
                Map.of("MODEL_VERSION", "v0.1", "ROLLOUT_STRATEGY", "ab_test", "CANARY_VERSION", "v0.2"));
                var producer = producer()) {
            byte[] malformed = "{\"user_id\": 1, \"item_id\": 2, \"event\": \"like\"}".getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>("events-ab", "bad".getBytes(StandardCharsets.UTF_8), malformed));
            Map<String, Long> conversions = new HashMap<>();
            for (int u = 0; u < 200; u++) {
                HttpResponse<String> r = h.get("/recommend/" + u + "?k=3");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                if (u % 4 == 0) {
                    // the HTTP /feedback body as it is, produced by a front end to the event topic
                    String event = "{\"user_id\": " + u + ", \"item_id\": " + ServerHarness.json(r).get("items").get(0).asLong()
                            + ", \"event\": \"convert\", \"request_id\": \""
                            + r.headers().firstValue("X-Request-ID").orElseThrow() + "\"}";
                    producer.send(new ProducerRecord<>("events-ab", Long.toString(u).getBytes(StandardCharsets.UTF_8),
                            event.getBytes(StandardCharsets.UTF_8)));
                    conversions.merge(r.headers().firstValue("X-Model-Version").orElseThrow(), 1L, Long::sum);
                }
            }
            producer.flush();

            JsonNode analysis = await(h, "/experiment/analyze?time_window_minutes=60", a -> {
                JsonNode c = a.path("conversion").path("convert");
                return c.path("variant_A").path("conversions").asLong() + c.path("variant_B").path("conversions").asLong() >= 50;
            });
            assertThat(analysis.get("experiment").get("variant_A").asText()).isEqualTo("v0.1");
            JsonNode convert = analysis.get("conversion").get("convert");
            assertThat(convert.get("variant_A").get("conversions").asLong()).isEqualTo(conversions.getOrDefault("v0.1", 0L));
            assertThat(convert.get("variant_B").get("conversions").asLong()).isEqualTo(conversions.getOrDefault("v0.2", 0L));
            assertThat(convert.get("variant_A").get("requests").asLong() + convert.get("variant_B").get("requests").asLong())
                    .isEqualTo(200);

            List<ConsumerRecord<byte[], byte[]>> dead = awaitRecords("events-ab.dlt", 1);
            assertThat(dead.get(0).value()).isEqualTo(malformed);
            assertThat(new String(dead.get(0).headers().lastHeader(KafkaEventSource.REASON_HEADER).value(),
                    StandardCharsets.UTF_8)).contains("like");
            assertThat(h.get("/recommend/7?k=3").statusCode()).isEqualTo(200);

            JsonNode health = ServerHarness.json(h.get("/healthz"));
            assertThat(health.get("status").asText()).isEqualTo("ok");
            assertThat(health.get("kafka").get("sink").get("state").asText()).isEqualTo("running");
            assertThat(health.get("kafka").get("sink").get("dropped").asLong()).isZero();
            assertThat(health.get("kafka").get("source").get("state").asText()).isEqualTo("running");
            assertThat(health.get("kafka").get("source").get("lag").isIntegralNumber()).isTrue();

            String metrics = h.get("/metrics").body();
            assertThat(metrics).contains("events_source_dead_lettered_total{topic=\"events-ab\"} 1.0")
                    .contains("events_source_consumed_total{topic=\"events-ab\"} 50.0")
                    .contains("events_source_lag{topic=\"events-ab\"}")
                    .contains("provenance_sink_dropped_total{sink=\"kafka\"} 0.0")
                    .contains("provenance_sink_failed_total{sink=\"kafka\"} 0.0")
                    .containsPattern("provenance_sink_sent_total\\{sink=\"kafka\"} [0-9.E]+");
        }
        assertThat(readAll("predictions-ab")).hasSize(201);
    }

    @Test
    void aServerThatFailsToStart_closesItsKafkaPlane() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ServerOptions options = ServerOptions.builder(registry).resetState(true).bindAddress("127.0.0.1")
                    .port(taken.getLocalPort())
                    .kafka(new ServerOptions.KafkaSettings(bootstrap, "predictions-nostart", "events-nostart", null))
                    .build();
            assertThatThrownBy(() -> RecsysServer.start(options, Map.of("MODEL_VERSION", "v0.1")))
                    .isInstanceOf(java.net.BindException.class);
        }
        // the sink's sender and the source's consumer stopped before start() threw, rather than
        // living on (and holding the group's partitions) in a process that may try again
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.endsWith("-predictions-nostart") || n.endsWith("-events-nostart"));
        assertThatThrownBy(() -> RecsysServer.start(ServerOptions.builder(registry).port(0)
                .kafka(new ServerOptions.KafkaSettings(bootstrap, "bad topic", null, null)).build(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid Kafka topic name");
    }

    private static ServerHarness server(ServerOptions.KafkaSettings kafka, Map<String, String> env) throws IOException {
        return new ServerHarness(ServerOptions.builder(registry).resetState(true).kafka(kafka).build(), env);
    }

    /** Polls a JSON endpoint until its body satisfies the condition, within {@link #WAIT}. */
    private static JsonNode await(ServerHarness h, String path, Predicate<JsonNode> done) {
        return Awaitility.await("waiting for " + path).atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            HttpResponse<String> r = h.get(path);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return ServerHarness.json(r);
        }, done::test);
    }

    /** Reads a topic until it holds {@code n} records, within {@link #WAIT}; asserts no more. */
    private static List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic, int n) {
        return Awaitility.await("waiting for " + n + " records in " + topic).atMost(WAIT)
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    List<ConsumerRecord<byte[], byte[]>> records = readAll(topic);
                    assertThat(records).hasSizeLessThanOrEqualTo(n);
                    return records;
                }, records -> records.size() == n);
    }

    private static void createTopics(int partitions, String... names) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String n : names) {
            topics.add(new NewTopic(n, partitions, (short) 1));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static GenericRecord decodePrediction(byte[] value) throws IOException {
        return new GenericDatumReader<GenericRecord>(PredictionAvro.schema())
                .read(null, DecoderFactory.get().binaryDecoder(value, null));
    }

    /** Every record of every partition of a topic, up to its end offsets as of now. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, WAIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts, WAIT);
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + WAIT.toNanos();
            Set<TopicPartition> open = new HashSet<>(parts);
            while (!open.isEmpty()) {
                assertThat(System.nanoTime()).as("reading %s to its end", topic).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                open.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
            }
        }
        return out;
    }
}
