package io.recsys.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.als.data.Interactions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficSimulatorTest {
    private static TrafficSimulator.Settings settings(String url, boolean allowRemote) {
        return new TrafficSimulator.Settings(URI.create(url), Map.of(1L, 2L), 100, Duration.ofSeconds(1), 10, 10, 1, 1,
                allowRemote);
    }

    @Test
    void aServerOffLoopbackIsRefusedUnlessAllowed() {
        assertThatThrownBy(() -> new TrafficSimulator(settings("http://192.0.2.1:8080", false)))
                .hasMessageContaining("not a loopback address").hasMessageContaining("--allow-remote");
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> new TrafficSimulator.Settings(URI.create("http://127.0.0.1:1"), Map.of(1L, 2L), 0,
                Duration.ofSeconds(1), 10, 10, 1, 1, false)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> new TrafficSimulator.Settings(URI.create("http://127.0.0.1:1"), Map.of(1L, 2L), 10,
                Duration.ofHours(25), 10, 10, 1, 1, false)).hasMessageContaining("--duration");
        assertThatThrownBy(() -> new TrafficSimulator.Settings(URI.create("ftp://127.0.0.1:1"), Map.of(1L, 2L), 10,
                Duration.ofSeconds(1), 10, 10, 1, 1, false)).hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> new TrafficSimulator.Settings(URI.create("http://127.0.0.1:1"), Map.of(), 10,
                Duration.ofSeconds(1), 10, 10, 1, 1, false)).hasMessageContaining("held-out");
    }

    @Test
    void leaveLastOutHoldsOutEachUsersLatestRating() {
        Interactions all = Interactions.builder()
                .add(1, 10, 5f, 100).add(1, 11, 4f, 300).add(1, 12, 3f, 200)
                .add(2, 10, 5f, 50)
                .build();
        LeaveLastOut split = LeaveLastOut.split(all);
        assertThat(split.heldOut()).containsExactly(Map.entry(1L, 11L));
        assertThat(split.train().size()).isEqualTo(3);
    }
}
