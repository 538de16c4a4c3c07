package io.recsys.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.serving.RecommendRequest;
import io.recsys.core.serving.Recommendation;
import io.recsys.core.serving.RecommendationService;
import io.recsys.core.serving.RecommendationServiceBuilder;
import io.recsys.provenance.testing.SealedFixtures;
import io.recsys.core.testing.TestPolicies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The sink, the source and the snapshot reader against one real KRaft broker started here. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaPlaneIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path brokerDir;
    static TestBroker broker;

    @TempDir
    Path temp;
    SimpleMeterRegistry meters;
    RecommendationService service;
    RegisteredVersion version;
    FileSystemModelRegistry registry;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(Files.createDirectories(brokerDir.resolve("kafka")));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        registry = new FileSystemModelRegistry(temp.resolve("reg"));
        version = SealedFixtures.publishPopularity(registry, temp, 1000, 30, 100);
        meters = new SimpleMeterRegistry();
    }

    @AfterEach
    void tearDown() {
        if (service != null) {
            service.close();
        }
    }

    private RecommendationService serviceWith(KafkaProvenanceSink... sinks) {
        RecommendationServiceBuilder b = RecommendationService.builder(registry).meterRegistry(meters)
                .policies(TestPolicies.all()).warmupCalls(1);
        for (KafkaProvenanceSink s : sinks) {
            b.sink(s);
        }
        RecommendationService s = b.build();
        s.start(RolloutConfig.builder(version.version()).build());
        return s;
    }

    private static List<String> requestIds(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        List<String> ids = new ArrayList<>();
        var reader = new GenericDatumReader<GenericRecord>(PredictionAvro.schema());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            GenericRecord g = reader.read(null, DecoderFactory.get().binaryDecoder(r.value(), null));
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(g.get("user_id").toString());
            ids.add(g.get("request_id").toString());
        }
        return ids;
    }

    private static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(25)).until(condition::getAsBoolean);
    }

    @Test
    void everyRequestAppearsExactlyOnceAfterACleanClose() throws Exception {
        broker.createTopic("predictions-once", 3);
        // the close bound is generous: this test is about exactly-once after a clean close, not about
        // how fast a loaded machine delivers (2 cores shared with the broker)
        KafkaProvenanceSink sink = KafkaProvenanceSink.builder(broker.bootstrap(), "predictions-once")
                .meterRegistry(meters).closeTimeout(Duration.ofSeconds(60)).build();
        service = serviceWith(sink);
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Recommendation r = service.recommend(new RecommendRequest(i % 100, 5, true, "once-" + i, null, null));
            answered.add(r.provenance().requestId());
        }
        service.close();
        service = null;

        List<String> inTopic = requestIds(broker.readAll("predictions-once", WAIT));
        assertThat(inTopic).hasSize(500).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(answered);
        assertThat(sink.sent()).isEqualTo(500);
        assertThat(sink.dropped()).isZero();
        assertThat(sink.failed()).isZero();
        assertThat(meters.get("provenance.sink.dropped").tag("sink", "kafka").counter().count()).isZero();
        assertThat(sink.state()).isEqualTo(ComponentState.STOPPED);
    }

    @Test
    @Order(Integer.MAX_VALUE) // stops and restarts the shared broker: the other tests must not run after it
    void brokerOutage_requestsKeepSucceeding_lossesAreCounted_andRecordsFlowAgain() throws Exception {
        for (String t : List.of("predictions-patient", "predictions-small", "predictions-expiring")) {
            broker.createTopic(t, 1);
        }
        // rides out the outage in its 32 MiB buffer
        KafkaProvenanceSink patient = KafkaProvenanceSink.builder(broker.bootstrap(), "predictions-patient")
                .meterRegistry(new SimpleMeterRegistry()).build();
        // 64 KiB of queue and buffer: fills up during the outage and must drop, counting what it drops
        SimpleMeterRegistry smallMeters = new SimpleMeterRegistry();
        KafkaProvenanceSink small = KafkaProvenanceSink.builder(broker.bootstrap(), "predictions-small")
                .bufferBytes(64 * 1024).property("compression.type", "none").meterRegistry(smallMeters).build();
        // a 2 s delivery timeout: buffered records expire during the outage, counted as failed
        SimpleMeterRegistry expiringMeters = new SimpleMeterRegistry();
        KafkaProvenanceSink expiring = KafkaProvenanceSink.builder(broker.bootstrap(), "predictions-expiring")
                .deliveryTimeout(Duration.ofSeconds(2)).meterRegistry(expiringMeters).build();
        service = serviceWith(patient, small, expiring);
        int before = 50;
        for (int i = 0; i < before; i++) {
            service.recommend(new RecommendRequest(i, 5, true, "before-" + i, null, null));
        }
        for (KafkaProvenanceSink s : List.of(patient, small, expiring)) {
            s.flush();
        }

        int during = 2_000;
        broker.stopBroker();
        try {
            for (int i = 0; i < during; i++) {
                Recommendation r = service.recommend(new RecommendRequest(i % 100, 5, true, "during-" + i, null, null));
                assertThat(r.items()).hasSize(5);
            }
            assertThat(small.dropped()).as("a full 64 KiB buffer drops instead of blocking").isPositive();
            await(() -> expiring.failed() > 0, "buffered records to expire");
            System.out.printf("[kafka-test] during outage: small dropped=%d, expiring failed=%d%n", small.dropped(),
                    expiring.failed());
        } finally {
            broker.startBroker();
        }
        // the backlog drains once the broker is back; then new records go straight through
        for (KafkaProvenanceSink s : List.of(patient, small, expiring)) {
            s.flush();
        }
        int after = 50;
        for (int i = 0; i < after; i++) {
            service.recommend(new RecommendRequest(i, 5, true, "after-" + i, null, null));
        }
        service.close();
        service = null;

        int total = before + during + after;
        List<String> patientIds = requestIds(broker.readAll("predictions-patient", WAIT));
        assertThat(patientIds).hasSize(total).doesNotHaveDuplicates();
        assertThat(patient.sent()).isEqualTo(total);
        assertThat(patient.dropped() + patient.failed()).isZero();

        for (var lossy : List.of(new Object[] {small, smallMeters, "predictions-small"},
                new Object[] {expiring, expiringMeters, "predictions-expiring"})) {
            KafkaProvenanceSink sink = (KafkaProvenanceSink) lossy[0];
            SimpleMeterRegistry m = (SimpleMeterRegistry) lossy[1];
            List<String> ids = requestIds(broker.readAll((String) lossy[2], WAIT));
            assertThat(ids).as("what reached " + lossy[2]).doesNotHaveDuplicates().hasSize((int) sink.sent());
            assertThat(sink.sent() + sink.dropped() + sink.failed()).as("every record accounted for").isEqualTo(total);
            assertThat(ids).filteredOn(id -> id.startsWith("after-")).as("records flow again").hasSize(after);
            assertThat(m.get("provenance.sink.dropped").tag("sink", "kafka").counter().count()).isEqualTo(sink.dropped());
            assertThat(m.get("provenance.sink.failed").tag("sink", "kafka").counter().count()).isEqualTo(sink.failed());
        }
        assertThat(expiring.failed()).isPositive();
    }

    @Test
    void events_reachTheListener_andMalformedOnesTheDeadLetterTopic() throws Exception {
        broker.createTopic("events-live", 2);
        broker.createTopic("events-live.dlt", 1);
        List<UserEvent> received = new CopyOnWriteArrayList<>();
        UserEvent json = new UserEvent("r-1", 7, 42, UserEventType.RATE, 4.0, 1_000);
        UserEvent avro = UserEvent.of("r-2", 8, 43, UserEventType.CONVERT, 2_000);
        UserEvent rejected = UserEvent.of("r-3", 666, 44, UserEventType.CLICK, 3_000);
        KafkaPlane plane = KafkaPlane.builder(broker.bootstrap(), "predictions-plane")
                .events("events-live", e -> {
                    if (e.userId() == 666) {
                        throw new IllegalArgumentException("unknown user");
                    }
                    received.add(e);
                }).groupId("it-group").meterRegistry(meters).build();
        try {
            assertThat(plane.states()).containsEntry("sink", "running");
            try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
                p.send(new ProducerRecord<>("events-live", "7".getBytes(StandardCharsets.UTF_8), UserEventCodec.encodeJson(json)));
                p.send(new ProducerRecord<>("events-live", "x".getBytes(StandardCharsets.UTF_8),
                        "{\"user_id\":1,\"type\":\"like\"}".getBytes(StandardCharsets.UTF_8)));
                p.send(new ProducerRecord<>("events-live", null, UserEventCodec.encodeAvro(rejected)));
                p.send(new ProducerRecord<>("events-live", "8".getBytes(StandardCharsets.UTF_8), UserEventCodec.encodeAvro(avro)));
                p.flush();
            }
            await(() -> received.size() == 2 && meters.get("events.source.dead_lettered").counter().count() == 2,
                    "events to be applied and dead-lettered");
            assertThat(received).containsExactlyInAnyOrder(json, avro);
            assertThat(plane.states()).containsEntry("source", "running");
            assertThat(plane.healthy()).isTrue();
            assertThat(meters.get("events.source.consumed").counter().count()).isEqualTo(2.0);

            List<ConsumerRecord<byte[], byte[]>> dead = broker.readAll("events-live.dlt", WAIT);
            assertThat(dead).hasSize(2);
            Set<String> reasons = dead.stream()
                    .map(r -> new String(r.headers().lastHeader(KafkaEventSource.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .collect(Collectors.toSet());
            assertThat(reasons).anyMatch(r -> r.contains("item_id")).anyMatch(r -> r.contains("unknown user"));
            assertThat(dead).allSatisfy(r -> assertThat(r.headers().lastHeader(KafkaEventSource.SOURCE_HEADER)).isNotNull());
            await(() -> plane.source().lag() == 0, "lag to reach zero");
        } finally {
            plane.close();
        }
        assertThat(plane.states()).containsEntry("source", "stopped").containsEntry("sink", "stopped");

        // offsets were committed after the listener returned: the group does not see the events again
        List<UserEvent> replay = new CopyOnWriteArrayList<>();
        try (KafkaEventSource again = KafkaEventSource.builder(broker.bootstrap(), "events-live", "it-group", replay::add)
                .build().start()) {
            broker.produce("events-live", null, UserEventCodec.encodeJson(UserEvent.of(null, 9, 45, UserEventType.WATCH, 4_000)));
            await(() -> !replay.isEmpty(), "the new event");
            assertThat(replay).extracting(UserEvent::userId).containsExactly(9L);
            assertThat(again.state()).isEqualTo(ComponentState.RUNNING);
        }
    }

    @Test
    void aListenerThrowingAnError_stopsTheSourceInFailedState_visibleInHealth() throws Exception {
        broker.createTopic("events-fatal", 1);
        KafkaPlane plane = KafkaPlane.builder(broker.bootstrap(), "predictions-fatal")
                .events("events-fatal", e -> {
                    throw new LinkageError("listener broken");
                }).groupId("fatal-group").meterRegistry(meters).build();
        try {
            broker.produce("events-fatal", null, UserEventCodec.encodeJson(UserEvent.of(null, 1, 2, UserEventType.CLICK, 3)));
            await(() -> plane.source().state() == ComponentState.FAILED, "the source to fail");
            assertThat(plane.states()).containsEntry("source", "failed").containsEntry("sink", "running");
            assertThat(plane.healthy()).isFalse();
        } finally {
            plane.close();
        }
        // never started: closing is immediate and final
        KafkaEventSource unstarted = KafkaEventSource.builder(broker.bootstrap(), "events-fatal", "g2", e -> { }).build();
        assertThat(unstarted.state()).isEqualTo(ComponentState.NEW);
        unstarted.close();
        assertThat(unstarted.state()).isEqualTo(ComponentState.STOPPED);
    }

    @Test
    void snapshot_readsUpToTheEndOffsetsAndNamesThem() throws Exception {
        broker.createTopic("events-train", 2);
        try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
            for (int i = 0; i < 40; i++) {
                UserEvent e = new UserEvent(null, i % 10, 100 + i, UserEventType.RATE, 1 + i % 5, i);
                p.send(new ProducerRecord<>("events-train", i % 2, null, i % 3 == 0 ? UserEventCodec.encodeAvro(e)
                        : UserEventCodec.encodeJson(e)));
            }
            p.send(new ProducerRecord<>("events-train", 1, null, "garbage".getBytes(StandardCharsets.UTF_8)));
            p.flush();
        }
        TopicSnapshot s = new TopicSnapshotReader(broker.bootstrap(), "events-train", WAIT, 1_000).read();
        assertThat(s.interactions()).hasSize(40);
        assertThat(s.malformed()).isEqualTo(1);
        assertThat(s.dataVersion()).isEqualTo("kafka:events-train:0=20,1=21");
        assertThat(s.interactions()).contains(new Interaction(3, 103, 4, 3));
    }
}
