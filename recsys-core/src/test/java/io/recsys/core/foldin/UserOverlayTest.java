package io.recsys.core.foldin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.Exclusions;
import io.recsys.core.ModelVersion;
import io.recsys.core.ScoredItem;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserOverlayTest {
    private static final ModelVersion V1 = new ModelVersion(0, 1);
    private static final ModelVersion V2 = new ModelVersion(0, 2);

    /** A model whose vector is (number of events, item id of the latest event, ...), keeping every event. */
    private static final class CountingModel implements FoldIn {
        private final int factors;

        CountingModel(int factors) {
            this.factors = factors;
        }

        @Override
        public UserState foldIn(long userId, UserState previous, UserEvent event) {
            if (event.itemId() < 0) {
                return previous;
            }
            int n = previous == null ? 0 : previous.size();
            long[] items = previous == null ? new long[1] : Arrays.copyOf(previous.items(), n + 1);
            items[n] = event.itemId();
            float[] vector = new float[factors];
            vector[0] = n + 1;
            vector[1] = event.itemId();
            return new UserState(vector, items, new float[n + 1], new long[n + 1], n + 1);
        }

        @Override
        public List<ScoredItem> recommend(long userId, UserState state, int k, Exclusions exclusions) {
            return List.of();
        }
    }

    private static UserEvent click(long user, long item) {
        return UserEvent.of(null, user, item, UserEventType.CLICK, 0L);
    }

    @Test
    void staysWithinItsByteBoundUnderAFloodOfUsers() {
        var meters = new SimpleMeterRegistry();
        long bound = 256 * 1024;
        var overlay = UserOverlay.create(bound, meters);
        var model = new CountingModel(64);
        for (long u = 0; u < 50_000; u++) {
            overlay.apply(V1, model, click(u, u % 97));
            if (u % 3 == 0) {
                overlay.apply(V1, model, click(u, 5));
            }
        }
        overlay.cleanUp();
        long perState = UserOverlay.weight(model.foldIn(1, null, click(1, 1)));
        assertThat(overlay.weightedBytes()).isPositive().isLessThanOrEqualTo(bound);
        assertThat(overlay.size()).isLessThan(50_000).isGreaterThan(bound / (4 * perState));
        assertThat(meters.get("foldin.overlay.bytes").gauge().value()).isEqualTo((double) overlay.weightedBytes());
        assertThat(meters.get("foldin.overlay.evictions").counter().count()).isGreaterThan(40_000);
        assertThat(meters.get("foldin.events").tag("outcome", "folded").counter().count()).isEqualTo(50_000 + 16_667);
        assertThat(meters.get("foldin.latency").timer().count()).isEqualTo(50_000 + 16_667);
        long present = 0;
        for (long u = 0; u < 50_000; u++) {
            if (overlay.get(V1, u) != null) {
                present++;
            }
        }
        assertThat(present).isEqualTo(overlay.size());
    }

    @Test
    void statesOfOneVersionAreInvisibleToAnother() {
        var overlay = UserOverlay.create(1 << 20, null);
        var model = new CountingModel(4);
        overlay.apply(V1, model, click(7, 100));
        overlay.apply(V1, model, click(7, 101));
        overlay.apply(V2, model, click(7, 200));
        assertThat(overlay.get(V1, 7).items()).containsExactly(100, 101);
        assertThat(overlay.get(V2, 7).items()).containsExactly(200);
        assertThat(overlay.get(V1, 8)).isNull();
        assertThat(overlay.get(new ModelVersion(0, 3), 7)).isNull();
        overlay.invalidate(V2);
        assertThat(overlay.get(V2, 7)).isNull();
        assertThat(overlay.get(V1, 7).eventsSinceModel()).isEqualTo(2);
    }

    @Test
    void anEventWithNothingToFoldLeavesNoState() {
        var meters = new SimpleMeterRegistry();
        var overlay = UserOverlay.create(1 << 20, meters);
        assertThat(overlay.apply(V1, new CountingModel(4), click(3, -1))).isNull();
        assertThat(overlay.get(V1, 3)).isNull();
        assertThat(overlay.size()).isZero();
        assertThat(meters.get("foldin.events").tag("outcome", "ignored").counter().count()).isEqualTo(1);
    }

    @Test
    void rejectsANonPositiveBoundAndInconsistentStates() {
        assertThatThrownBy(() -> UserOverlay.create(0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserState(new float[2], new long[2], new float[1], new long[2], 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserState(new float[2], new long[2], new float[2], new long[2], 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserState(new float[] {Float.NaN}, new long[0], new float[0], new long[0], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
