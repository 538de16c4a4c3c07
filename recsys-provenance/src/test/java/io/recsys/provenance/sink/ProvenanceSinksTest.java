package io.recsys.provenance.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.spi.ProvenanceSink;
import io.recsys.core.spi.ProvenanceSinkProvider;
import io.recsys.core.spi.ProvenanceSinks;
import io.recsys.provenance.trace.InMemoryTraceStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceSinksTest {
    @TempDir
    Path temp;

    @Test
    void discover_findsEveryShippedSinkByName_withOptions() {
        ProvenanceSinks sinks = ProvenanceSinks.discover();
        assertThat(sinks.names()).contains("memory", "jsonl", "slf4j");
        ProvenanceSink memory = sinks.create("memory:capacity=5");
        assertThat(memory).isInstanceOf(InMemoryTraceStore.class);
        assertThat(((InMemoryTraceStore) memory).capacity()).isEqualTo(5);
        ProvenanceSink jsonl = sinks.create("jsonl:dir=" + temp);
        assertThat(jsonl.name()).isEqualTo("jsonl");
        jsonl.close();
    }

    @Test
    void unknownNamesAndMalformedOptions_areRefusedWithTheNamesThatExist() {
        ProvenanceSinks sinks = ProvenanceSinks.discover();
        assertThatThrownBy(() -> sinks.create("kafkaa")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("available: ").hasMessageContaining("memory");
        assertThatThrownBy(() -> sinks.create("memory:capacity")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key=value");
    }

    @Test
    void twoProvidersOfOneName_theFirstWins() {
        ProvenanceSinkProvider first = provider("x", new InMemoryTraceStore(1, java.time.Clock.systemUTC()));
        ProvenanceSinkProvider second = provider("x", new InMemoryTraceStore(2, java.time.Clock.systemUTC()));
        ProvenanceSinks sinks = ProvenanceSinks.of(List.of(first, second));
        assertThat(((InMemoryTraceStore) sinks.create("x")).capacity()).isEqualTo(1);
        assertThat(sinks.names()).containsExactly("x");
    }

    private static ProvenanceSinkProvider provider(String name, ProvenanceSink sink) {
        return new ProvenanceSinkProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ProvenanceSink create(Map<String, String> options) {
                return sink;
            }
        };
    }
}
