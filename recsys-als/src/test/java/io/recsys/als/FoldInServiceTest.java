package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.als.data.Interactions;
import io.recsys.als.data.SyntheticData;
import io.recsys.core.PredictionRecord;
import io.recsys.core.PublishRequest;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.serving.Recommendation;
import io.recsys.core.serving.RecommendationService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fold-in through the serving facade with real ALS versions in a real registry: an event changes
 * the user's next answer from the version serving them, and a switch or rollback never serves one
 * version's live state with another version's model.
 */
class FoldInServiceTest {
    private static final AlsHyperparameters HP = AlsHyperparameters.builder().factors(8).iterations(6).threads(1).build();
    private static final long USER = 17;

    @TempDir
    Path tmp;

    private FileSystemModelRegistry registry;
    private RegisteredVersion v1;
    private RegisteredVersion v2;
    private List<PredictionRecord> records;
    private RecommendationService service;

    /** Same users; v2's items are v1's shifted by 10 000, so a mix of versions would show in the ids. */
    private RegisteredVersion publish(long itemOffset, long seed) throws IOException {
        Interactions base = new SyntheticData(120, 80, 2_400, 8, 1.0, 1.0, seed).generate();
        var b = Interactions.builder();
        for (int u = 0; u < base.userCount(); u++) {
            var row = base.byUser();
            for (int p = row.start(u); p < row.end(u); p++) {
                b.add(base.users().id(u), base.items().id(row.column(p)) + itemOffset, row.value(p), row.timestamp(p));
            }
        }
        Path dir = Files.createTempDirectory(tmp, "als");
        AlsArtifacts.write(dir, new AlsTrainer(HP).fit(b.build()), Map.of());
        return registry.publish(dir, PublishRequest.builder("als").gitSha("0123456789abcdef0123456789abcdef01234567")
                .dataSnapshotId("data-" + itemOffset).build());
    }

    @BeforeEach
    void setUp() throws IOException {
        registry = new FileSystemModelRegistry(tmp.resolve("registry"));
        v1 = publish(0, 1);
        v2 = publish(10_000, 2);
        records = new CopyOnWriteArrayList<>();
        service = RecommendationService.builder(registry).meterRegistry(new SimpleMeterRegistry()).sink(records::add)
                .policies(io.recsys.core.testing.TestPolicies.all()).warmupCalls(2).foldInMaxBytes(1 << 20).build();
        service.start(RolloutConfig.builder(v1.version()).build());
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    private PredictionRecord last() {
        return records.get(records.size() - 1);
    }

    @Test
    void anEventChangesTheNextAnswerAndIsRecordedAsFoldIn() {
        Recommendation before = service.recommend(USER, 10);
        assertThat(last().vectorSource()).isEqualTo(PredictionRecord.FROM_MODEL);
        long clicked = before.itemIds().get(2);
        assertThat(service.foldIn(UserEvent.of(null, USER, clicked, UserEventType.CLICK, 1L))).isPresent();
        Recommendation after = service.recommend(USER, 10);
        assertThat(after.itemIds()).doesNotContain(clicked).isNotEqualTo(before.itemIds());
        assertThat(last().vectorSource()).isEqualTo(PredictionRecord.FROM_FOLD_IN);
        assertThat(last().eventsSinceModel()).isEqualTo(1);
        service.onEvent(UserEvent.of(null, USER, after.itemIds().get(0), UserEventType.WATCH, 2L));
        service.recommend(USER, 10);
        assertThat(last().eventsSinceModel()).isEqualTo(2);
        // other users are untouched
        service.recommend(USER + 1, 10);
        assertThat(last().vectorSource()).isEqualTo(PredictionRecord.FROM_MODEL);
        assertThat(service.overlay().orElseThrow().size()).isEqualTo(1);
    }

    @Test
    void aSwitchAndARollbackNeverMixVersionsState() {
        long v1Item = service.recommend(USER, 10).itemIds().get(0);
        service.foldIn(UserEvent.of(null, USER, v1Item, UserEventType.CLICK, 1L));
        List<Long> v1Live = service.recommend(USER, 10).itemIds();

        service.switchTo(v2.version().toString());
        Recommendation onV2 = service.recommend(USER, 10);
        assertThat(last().vectorSource()).isEqualTo(PredictionRecord.FROM_MODEL);
        assertThat(onV2.itemIds()).allMatch(id -> id >= 10_000);
        // v1's item means nothing to v2: nothing is folded
        assertThat(service.foldIn(UserEvent.of(null, USER, v1Item, UserEventType.CLICK, 2L))).isEmpty();
        long v2Item = onV2.itemIds().get(0);
        service.foldIn(UserEvent.of(null, USER, v2Item, UserEventType.CLICK, 3L));
        Recommendation v2Live = service.recommend(USER, 10);
        assertThat(v2Live.itemIds()).allMatch(id -> id >= 10_000).doesNotContain(v2Item);
        assertThat(last().eventsSinceModel()).isEqualTo(1);

        service.switchTo(v1.version().toString());
        Recommendation back = service.recommend(USER, 10);
        assertThat(back.itemIds()).isEqualTo(v1Live).allMatch(id -> id < 10_000).doesNotContain(v1Item);
        assertThat(last().vectorSource()).isEqualTo(PredictionRecord.FROM_FOLD_IN);
        assertThat(last().eventsSinceModel()).isEqualTo(1);
        assertThat(last().modelVersion()).isEqualTo(v1.version().toString());
    }
}
