package io.recsys.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import io.recsys.examples.cli.CliIT.Run;
import io.recsys.core.RolloutConfig;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.serving.RecommendRequest;
import io.recsys.core.serving.RecommendationService;
import io.recsys.provenance.testing.SealedFixtures;
import io.recsys.experiments.ExperimentLog;
import io.recsys.experiments.ExperimentSnapshot;
import io.recsys.kafka.ComponentState;
import io.recsys.kafka.KafkaEventSource;
import io.recsys.kafka.UserEventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The Kafka plane in the application: {@code recsys train --kafka-bootstrap ... --topic ...}, and
 * events from a topic into the experiment log, against one real KRaft broker started here.
 */
class KafkaTrainIT {
    @TempDir
    static Path brokerDir;
    static KafkaClusterTestKit cluster;
    static String bootstrap;

    @TempDir
    Path temp;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setBaseDirectory(Files.createDirectories(brokerDir.resolve("kafka"))).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0").build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        bootstrap = cluster.bootstrapServers();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void trainFromATopic_recordsTheOffsetsInTheManifest_andVerifyAcceptsIt() throws Exception {
        createTopic("events", 2);
        int[] perPartition = new int[2];
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            int n = 0;
            for (int u = 0; u < 200; u++) {
                for (int j = 0; j < 15; j++) {
                    UserEvent e = new UserEvent(null, u, (u * 7L + j * 3L) % 150, j % 4 == 0 ? UserEventType.RATE
                            : UserEventType.WATCH, j % 4 == 0 ? 1 + j % 5 : 1, 1_700_000_000_000L + n);
                    int partition = u % 2;
                    producer.send(new ProducerRecord<>("events", partition, null,
                            n++ % 2 == 0 ? UserEventCodec.encodeJson(e) : UserEventCodec.encodeAvro(e)));
                    perPartition[partition]++;
                }
            }
            producer.flush();
        }

        Path out = temp.resolve("artifacts");
        Run train = CliIT.cli("train", "--kafka-bootstrap", bootstrap, "--topic", "events", "--output_dir",
                out.toString(), "--model_version", "als-kafka-1", "--factors", "8", "--iterations", "3");
        assertThat(train.code()).as(train.err()).isZero();
        String dataVersion = "kafka:events:0=" + perPartition[0] + ",1=" + perPartition[1];
        assertThat(train.out()).contains("read 3000 events from Kafka (" + dataVersion);
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("model_manifest.json").toFile());
        assertThat(manifest.get("data").get("dataset_version").asText()).isEqualTo(dataVersion);

        Path snapshot = temp.resolve("artifacts-kafka-snapshot.csv");
        assertThat(Files.readAllLines(snapshot)).hasSize(3001);
        Path registry = temp.resolve("registry");
        Run export = CliIT.cli("export", "--source", out.toString(), "--registry", registry.toString(),
                "--model-name", "als", "--data-path", snapshot.toString());
        assertThat(export.code()).as(export.err()).isZero();
        JsonNode meta = new ObjectMapper().readTree(registry.resolve("v0.1/meta.json").toFile());
        assertThat(meta.get("data_snapshot_id").asText()).isEqualTo(dataVersion);
        Run verify = CliIT.cli("verify", "--registry", registry.toString(), "--version", "v0.1");
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("v0.1: OK");
    }

    @Test
    void eventsFromTheTopic_reachTheExperimentLog() throws Exception {
        createTopic("feedback", 1);
        Path registryDir = temp.resolve("registry");
        var registry = new FileSystemModelRegistry(registryDir);
        var version = SealedFixtures.publishPopularity(registry, temp, 1000, 30, 100);
        ExperimentLog log = ExperimentLog.builder().build();
        List<String> served = new ArrayList<>();
        try (RecommendationService service = RecommendationService.builder(registry).sink(log).build()) {
            service.start(RolloutConfig.builder(version.version()).build());
            for (int u = 0; u < 10; u++) {
                served.add(service.recommend(new RecommendRequest(u, 5, true, "exp-" + u, null, null)).provenance().requestId());
            }
        }
        try (KafkaEventSource source = KafkaEventSource.builder(bootstrap, "feedback", "experiments", log::recordFeedback)
                .build().start();
                var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
            long now = System.currentTimeMillis();
            for (int u = 0; u < 4; u++) {
                producer.send(new ProducerRecord<>("feedback", UserEventCodec.encodeJson(
                        UserEvent.of(served.get(u), u, 1000 + u, UserEventType.CLICK, now))));
            }
            producer.send(new ProducerRecord<>("feedback", UserEventCodec.encodeAvro(
                    UserEvent.of(served.get(5), 5, 1005, UserEventType.CONVERT, now))));
            producer.flush();
            Awaitility.await("events to reach the experiment log").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(25))
                    .until(() -> log.counters().get(ExperimentLog.Counter.FEEDBACK_BY_REQUEST) >= 5);
            assertThat(source.state()).isEqualTo(ComponentState.RUNNING);
        }
        ExperimentSnapshot snapshot = log.snapshot(Duration.ofHours(1));
        assertThat(snapshot.variant("primary").feedback(UserEventType.CLICK)).isEqualTo(4);
        assertThat(snapshot.variant("primary").feedback(UserEventType.CONVERT)).isEqualTo(1);
    }

    @Test
    void kafkaFlagsGoTogether_andRatingsStayRequiredOtherwise() {
        Run half = CliIT.cli("train", "--kafka-bootstrap", "localhost:1", "--output_dir", temp.resolve("a").toString());
        assertThat(half.code()).isNotZero();
        assertThat(half.err()).contains("--kafka-bootstrap and --topic go together");
        Run none = CliIT.cli("train", "--output_dir", temp.resolve("b").toString());
        assertThat(none.code()).isNotZero();
        assertThat(none.err()).contains("--ratings FILE is required");
    }
}
