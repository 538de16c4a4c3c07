package io.recsys.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.als.AlsArtifacts;
import io.recsys.als.AlsHyperparameters;
import io.recsys.als.AlsTrainer;
import io.recsys.als.data.SyntheticData;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.provenance.testing.SealedFixtures;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events from the Kafka event topic fold into the serving version's live user state, like
 * {@code /feedback}: a real single-node KRaft cluster started by the test, a real ALS version, the
 * real server.
 */
class KafkaFoldInIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path temp;
    static KafkaClusterTestKit cluster;
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
        var reg = new FileSystemModelRegistry(temp.resolve("registry"));
        Path dir = Files.createTempDirectory(temp, "als");
        AlsArtifacts.write(dir, new AlsTrainer(AlsHyperparameters.builder().factors(16).iterations(6).threads(1).build())
                .fit(SyntheticData.ofShape(200, 150, 6_000).generate()), Map.of());
        SealedFixtures.publish(reg, temp, dir, "als", "synthetic-200");
        registry = reg.root();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<Long> items(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        var out = new ArrayList<Long>();
        ServerHarness.json(r).get("items").forEach(i -> out.add(i.asLong()));
        return out;
    }

    @Test
    void anEventFromTheTopicChangesTheUsersNextAnswer() throws Exception {
        String bootstrap = cluster.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("predictions-fold", 1, (short) 1), new NewTopic("events-fold", 1,
                    (short) 1), new NewTopic("events-fold.dlt", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        var options = ServerOptions.builder(registry).resetState(true)
                .kafka(new ServerOptions.KafkaSettings(bootstrap, "predictions-fold", "events-fold", "fold-group")).build();
        try (var h = new ServerHarness(options, Map.of("MODEL_VERSION", "v0.1"));
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Long> before = items(h.get("/recommend/9?k=10"));
            long clicked = before.get(0);
            String event = "{\"user_id\": 9, \"item_id\": " + clicked + ", \"event\": \"click\"}";
            producer.send(new ProducerRecord<>("events-fold", "9".getBytes(StandardCharsets.UTF_8),
                    event.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            Awaitility.await("waiting for the event to fold in").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> h.get("/metrics").body().contains("foldin_events_total{outcome=\"folded\"} 1.0"));
            List<Long> after = items(h.get("/recommend/9?k=10", "X-Request-ID", "after-kafka"));
            assertThat(after).doesNotContain(clicked).isNotEqualTo(before);
            JsonNode trace = ServerHarness.json(h.get("/trace/after-kafka")).get("trace");
            assertThat(trace.get("vector_source").asText()).isEqualTo("fold_in");
            assertThat(trace.get("events_since_model").asInt()).isEqualTo(1);
        }
    }
}
