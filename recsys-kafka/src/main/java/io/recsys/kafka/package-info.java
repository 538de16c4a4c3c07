/**
 * The streaming plane on Kafka: the prediction log out ({@link io.recsys.kafka.KafkaProvenanceSink},
 * Avro), user events in ({@link io.recsys.kafka.KafkaEventSource}), training snapshots named by
 * their end offsets ({@link io.recsys.kafka.TopicSnapshotReader}), and {@link io.recsys.kafka.KafkaPlane}
 * to wire them into a server.
 */
package io.recsys.kafka;
