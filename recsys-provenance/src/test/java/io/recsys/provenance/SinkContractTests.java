package io.recsys.provenance;

import io.recsys.core.PredictionRecord;
import io.recsys.core.contract.ProvenanceSinkContractTest;
import io.recsys.core.spi.ProvenanceSink;
import io.recsys.provenance.sink.AsyncProvenanceSink;
import io.recsys.provenance.sink.JsonLinesSink;
import io.recsys.provenance.trace.InMemoryTraceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The provenance sink contract, run against every sink this module ships. */
class SinkContractTests {

    @Nested
    class TraceStore extends ProvenanceSinkContractTest {
        @Override
        protected ProvenanceSink createSink() {
            return new InMemoryTraceStore(InMemoryTraceStore.DEFAULT_CAPACITY, Clock.systemUTC());
        }

        @Override
        protected long kept(List<PredictionRecord> accepted) {
            var store = (InMemoryTraceStore) sink;
            return accepted.stream().filter(r -> store.find(r.requestId()).isPresent()).count();
        }
    }

    @Nested
    class JsonLines extends ProvenanceSinkContractTest {
        @TempDir
        Path dir;

        @Override
        protected ProvenanceSink createSink() {
            return JsonLinesSink.builder(dir).build();
        }

        @Override
        protected long kept(List<PredictionRecord> accepted) throws Exception {
            Set<String> ids = accepted.stream().map(PredictionRecord::requestId).collect(Collectors.toSet());
            long kept = 0;
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList();
            }
            for (Path f : files) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (ids.contains(Json.MAPPER.readTree(line).get("request_id").asText())) {
                        kept++;
                    }
                }
            }
            return kept;
        }
    }

    @Nested
    class Async extends ProvenanceSinkContractTest {
        final Set<String> delivered = ConcurrentHashMap.newKeySet();

        @Override
        protected ProvenanceSink createSink() {
            return new AsyncProvenanceSink(new ProvenanceSink() {
                @Override
                public void accept(PredictionRecord record) {
                    delivered.add(record.requestId());
                }

                @Override
                public String name() {
                    return "collect";
                }
            });
        }

        @Override
        protected long kept(List<PredictionRecord> accepted) {
            return accepted.stream().filter(r -> delivered.contains(r.requestId())).count();
        }

        @Override
        protected boolean lossless() {
            return false; // a full queue drops (and counts) rather than block the request path
        }
    }
}
