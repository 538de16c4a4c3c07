package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.als.data.Interactions;
import io.recsys.core.Exclusions;
import io.recsys.core.ScoredItem;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import io.recsys.core.foldin.UserState;
import org.junit.jupiter.api.Test;

class HybridFoldInTest {
    private static final AlsHyperparameters ALS = AlsHyperparameters.builder().factors(8).iterations(4).threads(1).build();

    /** Every user walks the same chain 1 -> 2 -> ... -> 30, starting at a user-specific point. */
    private static Interactions chains() {
        var b = Interactions.builder();
        for (int u = 0; u < 60; u++) {
            int first = 1 + u % 20;
            for (int step = 0; step < 8; step++) {
                b.add(u, first + step, 1f, 1_000L * step);
            }
        }
        return b.build();
    }

    @Test
    void theNextAnswerFollowsTheLastLiveClick() {
        HybridRecommender rec = new HybridTrainer(ALS, SequenceHyperparameters.defaults()).fit(chains()).toRecommender();
        // user 3 watched 4..11 in training: the chain continues at 12
        assertThat(rec.recommend(3, 1).get(0).itemId()).isEqualTo(12L);
        UserState state = rec.foldIn(3, null, UserEvent.of(null, 3, 12, UserEventType.CLICK, 1L));
        state = rec.foldIn(3, state, UserEvent.of(null, 3, 13, UserEventType.CLICK, 2L));
        assertThat(rec.recommend(3, state, 1, Exclusions.seen()).get(0).itemId()).isEqualTo(14L);
        assertThat(rec.recommend(3, state, 10, Exclusions.seen())).extracting(ScoredItem::itemId)
                .doesNotContain(12L, 13L, 11L);
        // a new user who clicked 20 then 21 is sent on to 22
        UserState fresh = rec.foldIn(777, null, UserEvent.of(null, 777, 20, UserEventType.CLICK, 1L));
        fresh = rec.foldIn(777, fresh, UserEvent.of(null, 777, 21, UserEventType.CLICK, 2L));
        assertThat(rec.recommend(777, fresh, 1, Exclusions.seen()).get(0).itemId()).isEqualTo(22L);
    }
}
