package io.recsys.examples.cli;

import io.recsys.kafka.Interaction;
import io.recsys.kafka.TopicSnapshot;
import io.recsys.kafka.TopicSnapshotReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Option;

/**
 * {@code train --kafka-bootstrap HOST:PORT --topic T}: train on a snapshot of the event topic, up
 * to the end offsets taken at start. The snapshot is written as a MovieLens-style CSV (the file the
 * pipeline reads and the manifest hashes), and its {@code kafka:<topic>:<partition>=<offset>,...}
 * becomes the manifest's {@code data_version}.
 */
final class KafkaTrainOptions {
    @Option(names = {"--kafka-bootstrap", "--kafka_bootstrap"}, paramLabel = "HOST:PORT",
            description = "Train on a snapshot of a Kafka event topic instead of --ratings")
    String bootstrap;

    @Option(names = "--topic", paramLabel = "T", description = "The event topic (with --kafka-bootstrap)")
    String topic;

    @Option(names = {"--kafka-timeout", "--kafka_timeout"}, paramLabel = "SECONDS", defaultValue = "120",
            description = "How long reading the snapshot may take (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = {"--kafka-max-events", "--kafka_max_events"}, paramLabel = "N", defaultValue = "50000000",
            description = "Most events read from the topic (default: ${DEFAULT-VALUE})")
    int maxEvents;

    /** The snapshot on disk and the version naming it. */
    record Materialized(Path file, String dataVersion) {
    }

    /** @return whether a Kafka source was asked for */
    boolean enabled() {
        if (bootstrap == null && topic == null) {
            return false;
        }
        if (bootstrap == null || topic == null) {
            throw new IllegalArgumentException("--kafka-bootstrap and --topic go together");
        }
        return true;
    }

    /**
     * Reads the snapshot and writes it (fsynced) to {@code file}.
     *
     * @param file where to write the snapshot CSV
     * @param out progress messages
     * @return the file and its data version
     */
    Materialized snapshotTo(Path file, PrintStream out) throws IOException {
        TopicSnapshot snapshot;
        try {
            snapshot = new TopicSnapshotReader(bootstrap, topic, Duration.ofSeconds(timeoutSeconds), maxEvents).read();
        } catch (TimeoutException e) {
            throw new IOException(e.getMessage());
        }
        if (snapshot.interactions().isEmpty()) {
            throw new IllegalArgumentException("Kafka topic " + topic + " holds no events to train on");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("userId,movieId,rating,timestamp\n");
            for (Interaction i : snapshot.interactions()) {
                w.write(i.userId() + "," + i.itemId() + "," + i.value() + "," + i.timestamp() + "\n");
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        out.printf(Locale.ROOT, "read %d events from Kafka (%s, %d malformed skipped) into %s%n",
                snapshot.interactions().size(), snapshot.dataVersion(), snapshot.malformed(), file);
        return new Materialized(file, snapshot.dataVersion());
    }
}
