package io.recsys.provenance.sink;

import io.recsys.provenance.Json;
import io.recsys.provenance.TestRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.core.PredictionRecord;
import io.recsys.core.spi.ProvenanceSink;
import io.recsys.core.spi.ProvenanceSinkProvider;
import io.recsys.core.spi.Providers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSinkIT {
    private static final Instant DAY1 = Instant.parse("2025-11-19T23:59:58Z");

    @TempDir
    Path temp;

    private static List<String> lines(Path dir) throws IOException {
        var out = new ArrayList<String>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void everyAcceptedRecordIsOnDiskAfterClose_andAReopenedSinkAppends() throws IOException {
        var clock = new TestRecords.MutableClock(DAY1);
        JsonLinesSink sink = JsonLinesSink.builder(temp).clock(clock).flushPolicy(FlushPolicy.manual()).build();
        for (int i = 0; i < 500; i++) {
            sink.accept(TestRecords.record("a" + i, 1000L + i, i, 200, i));
        }
        sink.close();
        assertThat(lines(temp)).hasSize(500);
        // a record arriving during shutdown is counted, not thrown into the request path (nor written)
        sink.accept(TestRecords.record("late"));
        assertThat(lines(temp)).hasSize(500);
        assertThat(sink.rejected()).isEqualTo(1);

        JsonLinesSink again = JsonLinesSink.builder(temp).clock(clock).build();
        for (int i = 0; i < 7; i++) {
            again.accept(TestRecords.record("b" + i));
        }
        again.close();
        List<String> all = lines(temp);
        assertThat(all).hasSize(507);
        assertThat(files(temp)).containsExactly("provenance-2025-11-19.jsonl");
        assertThat(Json.MAPPER.readTree(all.get(0)).get("request_id").asText()).isEqualTo("a0");
        assertThat(Json.MAPPER.readTree(all.get(506)).get("request_id").asText()).isEqualTo("b6");
    }

    @Test
    void manualFlushPolicy_writesOnlyWhenFlushed_everyNFlushesInBatches() throws IOException {
        var clock = new TestRecords.MutableClock(DAY1);
        try (JsonLinesSink sink = JsonLinesSink.builder(temp.resolve("m")).clock(clock).flushPolicy(FlushPolicy.manual()).build()) {
            sink.accept(TestRecords.record("x"));
            assertThat(Files.size(sink.currentFile())).isZero();
            sink.flush();
            assertThat(lines(temp.resolve("m"))).hasSize(1);
        }
        try (JsonLinesSink sink = JsonLinesSink.builder(temp.resolve("n")).clock(clock).flushPolicy(FlushPolicy.every(3)).build()) {
            sink.accept(TestRecords.record("1"));
            sink.accept(TestRecords.record("2"));
            assertThat(lines(temp.resolve("n"))).isEmpty();
            sink.accept(TestRecords.record("3"));
            assertThat(lines(temp.resolve("n"))).hasSize(3);
        }
        try (JsonLinesSink sink = JsonLinesSink.builder(temp.resolve("e")).clock(clock).fsync(true).build()) {
            sink.accept(TestRecords.record("1"));
            assertThat(lines(temp.resolve("e"))).hasSize(1);
        }
    }

    @Test
    void rotatesBySize() throws IOException {
        var clock = new TestRecords.MutableClock(DAY1);
        int lineLength = (ProvenanceJson.toJsonLine(TestRecords.record("r00")) + "\n").length();
        try (JsonLinesSink sink = JsonLinesSink.builder(temp).clock(clock).maxFileBytes(lineLength * 3L).build()) {
            for (int i = 0; i < 10; i++) {
                sink.accept(TestRecords.record(String.format("r%02d", i)));
            }
        }
        assertThat(files(temp)).containsExactly("provenance-2025-11-19-1.jsonl", "provenance-2025-11-19-2.jsonl",
                "provenance-2025-11-19-3.jsonl", "provenance-2025-11-19.jsonl");
        assertThat(Files.readAllLines(temp.resolve("provenance-2025-11-19.jsonl"))).hasSize(3);
        assertThat(Files.readAllLines(temp.resolve("provenance-2025-11-19-3.jsonl"))).hasSize(1);
        for (String f : files(temp)) {
            assertThat(Files.size(temp.resolve(f))).isLessThanOrEqualTo(lineLength * 3L);
        }
        // a reopened sink continues in the last file while it has room
        try (JsonLinesSink sink = JsonLinesSink.builder(temp).clock(clock).maxFileBytes(lineLength * 3L).build()) {
            sink.accept(TestRecords.record("r10"));
            assertThat(sink.currentFile().getFileName().toString()).isEqualTo("provenance-2025-11-19-3.jsonl");
        }
        assertThat(lines(temp)).hasSize(11);
    }

    @Test
    void rotatesByUtcDay() throws IOException {
        var clock = new TestRecords.MutableClock(DAY1);
        try (JsonLinesSink sink = JsonLinesSink.builder(temp).prefix("reco").clock(clock).build()) {
            sink.accept(TestRecords.record("d1"));
            clock.set(Instant.parse("2025-11-20T00:00:00Z"));
            sink.accept(TestRecords.record("d2"));
            sink.accept(TestRecords.record("d2b"));
            clock.set(Instant.parse("2025-11-22T12:00:00Z"));
            sink.accept(TestRecords.record("d4"));
        }
        assertThat(files(temp)).containsExactly("reco-2025-11-19.jsonl", "reco-2025-11-20.jsonl", "reco-2025-11-22.jsonl");
        assertThat(Files.readAllLines(temp.resolve("reco-2025-11-20.jsonl"))).hasSize(2);
    }

    @Test
    void aPartialLineLeftByACrash_staysOneMalformedLine() throws IOException {
        Path file = temp.resolve("provenance-2025-11-19.jsonl");
        Files.writeString(file, ProvenanceJson.toJsonLine(TestRecords.record("ok")) + "\n{\"request_id\":\"cut");
        try (JsonLinesSink sink = JsonLinesSink.builder(temp).clock(new TestRecords.MutableClock(DAY1)).build()) {
            sink.accept(TestRecords.record("after"));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).isEqualTo("{\"request_id\":\"cut");
        assertThat(Json.MAPPER.readTree(lines.get(2)).get("request_id").asText()).isEqualTo("after");
    }

    @Test
    void concurrentWriters_loseNoRecordAndInterleaveNoLines() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        var clock = new TestRecords.MutableClock(DAY1);
        JsonLinesSink sink = JsonLinesSink.builder(temp).clock(clock).flushPolicy(FlushPolicy.every(64))
                .maxFileBytes(200_000).build();
        var start = new CountDownLatch(1);
        var workers = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    sink.accept(TestRecords.record("t" + id + "-" + i));
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join(30_000);
            assertThat(w.isAlive()).isFalse();
        }
        sink.close();
        List<String> all = lines(temp);
        assertThat(all).hasSize(threads * perThread);
        assertThat(all.stream().map(l -> {
            try {
                return Json.MAPPER.readTree(l).get("request_id").asText();
            } catch (IOException e) {
                throw new AssertionError(l, e);
            }
        }).distinct().count()).isEqualTo(threads * perThread);
        assertThat(files(temp).size()).isGreaterThan(1);
    }

    @Test
    void largeIdsAreWrittenExactly_andShadowRecordsSkipped() throws IOException {
        try (JsonLinesSink sink = JsonLinesSink.builder(temp).clock(new TestRecords.MutableClock(DAY1)).build()) {
            sink.accept(TestRecords.record("big", 1, 3_000_000_000L, 200, 1));
            sink.accept(TestRecords.shadow("shadow"));
            sink.accept(TestRecords.record("fine"));
            assertThat(sink.rejected()).isZero();
            assertThat(sink.written()).isEqualTo(2);
        }
        List<String> all = lines(temp);
        assertThat(all).hasSize(2);
        JsonNode first = Json.MAPPER.readTree(all.get(0));
        assertThat(first.get("user_id").longValue()).isEqualTo(3_000_000_000L);
        assertThat(Json.MAPPER.readTree(all.get(1)).get("request_id").asText()).isEqualTo("fine");
    }

    @Test
    void provider_createsASinkFromOptions() throws IOException {
        ProvenanceSinkProvider p = Providers.load(ProvenanceSinkProvider.class).stream()
                .filter(x -> x.name().equals("jsonl")).findFirst().orElseThrow();
        assertThatThrownBy(() -> p.create(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dir");
        try (ProvenanceSink sink = p.create(Map.of("dir", temp.resolve("p").toString(), "prefix", "x",
                "flush_every", "0"))) {
            sink.accept(TestRecords.record("1"));
        }
        try (Stream<Path> s = Files.list(temp.resolve("p"))) {
            assertThat(s.map(f -> f.getFileName().toString()).toList()).singleElement().asString().startsWith("x-");
        }
    }
}
