package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.Interactions;
import io.recsys.als.data.SyntheticData;
import io.recsys.core.Exclusions;
import io.recsys.core.ModelInfo;
import io.recsys.core.ModelVersion;
import io.recsys.core.ScoredItem;
import io.recsys.core.VersionMetadata;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import io.recsys.core.foldin.UserState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlsFoldInTest {
    private static final AlsHyperparameters HP = AlsHyperparameters.builder().factors(16).iterations(15).threads(1)
            .build();

    @TempDir
    Path tmp;

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < a.length; j++) {
            dot += a[j] * b[j];
            na += a[j] * a[j];
            nb += b[j] * b[j];
        }
        return dot / Math.sqrt(na * nb);
    }

    /** The user's training interactions (item ids and values), oldest first by (timestamp, item). */
    private static List<long[]> history(Interactions data, int user) {
        CsrMatrix m = data.byUser();
        var rows = new ArrayList<long[]>();
        for (int p = m.start(user); p < m.end(user); p++) {
            rows.add(new long[] {m.timestamp(p), data.items().id(m.column(p)), (long) m.value(p)});
        }
        rows.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        return rows;
    }

    private static UserState foldAll(AlsRecommender rec, long userId, List<long[]> events) {
        UserState state = null;
        for (long[] e : events) {
            state = rec.foldIn(userId, state, new UserEvent(null, userId, e[1], UserEventType.RATE, e[2], e[0] * 1000));
        }
        return state;
    }

    @Test
    void foldingInATrainingUsersOwnHistoryReproducesTheTrainedVector() {
        Interactions data = SyntheticData.ofShape(300, 200, 9_000).generate();
        AlsModel model = new AlsTrainer(HP).fit(data);
        // an exact solve of the row (many CG steps) against the trained item factors
        AlsRecommender rec = model.toRecommender(model.toRecommender().info(),
                FoldInSettings.of(HP).withSteps(64, 64));
        float[] trained = model.userFactors();
        double sum = 0;
        double worst = 1;
        int users = 0;
        for (int u = 0; u < data.userCount(); u += 7) {
            long newId = 1_000_000L + u; // unknown to the model: a cold fold-in from zero
            UserState state = foldAll(rec, newId, history(data, u));
            double c = cosine(state.vector(), Arrays.copyOfRange(trained, u * 16, u * 16 + 16));
            sum += c;
            worst = Math.min(worst, c);
            users++;
        }
        assertThat(sum / users).isGreaterThan(0.99);
        assertThat(worst).isGreaterThan(0.9); // the fit runs 3 CG steps a sweep: a few rows are not fully converged
    }

    @Test
    void aKnownUsersVectorMovesTowardsTheNewItemWhichCountsAsSeen() {
        Interactions data = SyntheticData.ofShape(300, 200, 9_000).generate();
        AlsModel model = new AlsTrainer(HP).fit(data);
        AlsRecommender rec = model.toRecommender();
        long user = data.users().id(5);
        List<ScoredItem> before = rec.recommend(user, 10);
        long clicked = before.get(3).itemId();
        UserState state = rec.foldIn(user, null, UserEvent.of("r1", user, clicked, UserEventType.CLICK, 1L));
        assertThat(state.eventsSinceModel()).isEqualTo(1);
        assertThat(state.items()).containsExactly(clicked);
        float[] old = Arrays.copyOfRange(model.userFactors(), 5 * 16, 6 * 16);
        int clickedIndex = data.items().indexOf(clicked);
        float[] y = Arrays.copyOfRange(model.itemFactors(), clickedIndex * 16, clickedIndex * 16 + 16);
        assertThat(dot(state.vector(), y)).isGreaterThan(dot(old, y));
        List<ScoredItem> after = rec.recommend(user, state, 10, Exclusions.seen());
        assertThat(after).extracting(ScoredItem::itemId).doesNotContain(clicked);
        assertThat(after).isNotEqualTo(before);
        assertThat(rec.recommend(user, state, 10, Exclusions.none())).extracting(ScoredItem::itemId).contains(clicked);
        // an unknown item has nothing to fold: the state stays as it was
        assertThat(rec.foldIn(user, state, UserEvent.of(null, user, 987_654L, UserEventType.CLICK, 2L))).isSameAs(state);
        assertThatThrownBy(() -> rec.foldIn(user + 1, state, UserEvent.of(null, user, clicked, UserEventType.CLICK, 2L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultWarmStepsComeCloseToAnExactSolve() {
        Interactions data = SyntheticData.ofShape(300, 200, 9_000).generate();
        AlsModel model = new AlsTrainer(HP).fit(data);
        AlsRecommender fast = model.toRecommender();
        AlsRecommender exact = model.toRecommender(fast.info(), FoldInSettings.of(HP).withSteps(64, 64));
        double worst = 1;
        for (int u = 0; u < 300; u += 11) {
            long user = data.users().id(u);
            UserState a = null;
            UserState b = null;
            for (int e = 0; e < 5; e++) {
                var event = UserEvent.of(null, user, data.items().id((u * 7 + e * 13) % 200), UserEventType.CLICK, e);
                a = fast.foldIn(user, a, event);
                b = exact.foldIn(user, b, event);
            }
            worst = Math.min(worst, cosine(a.vector(), b.vector()));
        }
        assertThat(worst).isGreaterThan(0.98);
    }

    @Test
    void hostileStrengthsAreCappedAndNeverYieldANonFiniteVector() {
        Interactions data = SyntheticData.ofShape(100, 120, 3_000).generate();
        AlsRecommender rec = new AlsTrainer(HP).fit(data).toRecommender();
        long item = data.items().id(4);
        UserState huge = rec.foldIn(55_555L, null, new UserEvent(null, 55_555L, item, UserEventType.RATE, 1e300, 1L));
        UserState capped = rec.foldIn(55_555L, null,
                new UserEvent(null, 55_555L, item, UserEventType.RATE, AlsFoldIn.MAX_STRENGTH, 1L));
        assertThat(huge.vector()).containsExactly(capped.vector());
        UserState negative = rec.foldIn(55_555L, huge, new UserEvent(null, 55_555L, data.items().id(5),
                UserEventType.RATE, -1e300, 2L));
        for (float v : negative.vector()) {
            assertThat(Float.isFinite(v)).isTrue();
        }
        assertThat(rec.recommend(55_555L, negative, 5, Exclusions.seen())).hasSize(5);
    }

    @Test
    void theLiveWindowKeepsTheLatestEventsAndCountsAll() {
        Interactions data = SyntheticData.ofShape(100, 120, 3_000).generate();
        AlsRecommender rec = new AlsTrainer(HP).fit(data).toRecommender();
        var settings = rec.foldInSettings();
        UserState state = null;
        for (int e = 0; e < settings.maxEvents() + 7; e++) {
            state = rec.foldIn(77_777L, state, UserEvent.of(null, 77_777L, data.items().id(e % 120),
                    UserEventType.WATCH, e));
        }
        assertThat(state.size()).isEqualTo(settings.maxEvents());
        assertThat(state.eventsSinceModel()).isEqualTo(settings.maxEvents() + 7);
        assertThat(state.itemAt(state.size() - 1)).isEqualTo(data.items().id((settings.maxEvents() + 6) % 120));
    }

    @Test
    void aLoadedVersionFoldsInExactlyAsTheTrainedModel() throws IOException {
        Interactions data = SyntheticData.ofShape(200, 150, 6_000).generate();
        AlsModel model = new AlsTrainer(HP).fit(data);
        Path dir = tmp.resolve("v0.1").resolve("als");
        AlsArtifacts.write(dir, model, Map.of());
        assertThat(dir.resolve(AlsArtifacts.SEEN_WEIGHTS)).exists();
        var meta = new VersionMetadata("v0.1", null, "als", null, null, null, null, null, 0, null, null);
        AlsRecommender loaded = AlsModelLoader.load(dir, new ModelInfo("als", new ModelVersion(0, 1), meta));
        AlsRecommender memory = model.toRecommender();
        assertThat(loaded.foldInSettings()).isEqualTo(memory.foldInSettings());
        long user = data.users().id(11);
        var event = UserEvent.of(null, user, data.items().id(3), UserEventType.CLICK, 5L);
        assertThat(loaded.foldIn(user, null, event)).isEqualTo(memory.foldIn(user, null, event));
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    @Test
    void aLiveVectorIsRankedByTheVersionsSearchWithTheExactAnswer() {
        Interactions data = SyntheticData.ofShape(300, 400, 12_000).generate();
        AlsModel model = new AlsTrainer(HP).fit(data);
        ModelInfo info = new ModelInfo("als", new ModelVersion(0, 1),
                new VersionMetadata("v0.1", null, "als", null, null, null, null, null, 0, null, null));
        AlsRecommender exact = model.toRecommender(info);
        AlsRecommender int8 = QuantizedItemFactors.recommender(model, info, QuantizationScale.ITEM);
        for (int u = 0; u < 40; u++) {
            long user = u < 20 ? data.users().id(u) : 900_000L + u; // known users, then new ones
            UserState a = null;
            UserState b = null;
            for (int e = 0; e < 3; e++) {
                var event = UserEvent.of(null, user, data.items().id((u * 7 + e * 31) % 400), UserEventType.CLICK, e);
                a = exact.foldIn(user, a, event);
                b = int8.foldIn(user, b, event);
            }
            assertThat(int8.recommend(user, b, 10, Exclusions.seen()))
                    .as("user %d", user).isEqualTo(exact.recommend(user, a, 10, Exclusions.seen()));
        }
    }
}
