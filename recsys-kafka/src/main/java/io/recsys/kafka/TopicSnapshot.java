package io.recsys.kafka;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The events of a topic from its beginning up to end offsets fixed when reading started.
 *
 * @param topic the topic
 * @param endOffsets per partition, the offset one past the last record read
 * @param interactions the well-formed events, in partition then offset order
 * @param malformed how many records were skipped as malformed
 */
public record TopicSnapshot(String topic, SortedMap<Integer, Long> endOffsets, List<Interaction> interactions,
        long malformed) {

    /** Copies the offsets and interactions. */
    public TopicSnapshot {
        Objects.requireNonNull(topic, "topic");
        endOffsets = new TreeMap<>(endOffsets);
        interactions = List.copyOf(interactions);
    }

    /**
     * @return {@code kafka:<topic>:<partition>=<offset>,...}, partitions ascending: names exactly
     *     the data read, so the same snapshot can be read again while the topic retains it
     */
    public String dataVersion() {
        StringBuilder sb = new StringBuilder("kafka:").append(topic).append(':');
        String sep = "";
        for (Map.Entry<Integer, Long> e : endOffsets.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return sb.toString();
    }
}
