package io.recsys.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.Exclusions;
import io.recsys.core.InvalidRequestException;
import io.recsys.core.Recommender;
import io.recsys.core.ScoredItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Recommender} keeps. Extend it, supply a model and a few facts about
 * its training data, and every rule below runs against the implementation.
 */
public abstract class RecommenderContractTest {

    /** The model under test. */
    protected Recommender recommender;

    /** @return a model trained on data in which {@link #knownUser()} has seen {@link #seenItemOfKnownUser()} */
    protected abstract Recommender createRecommender() throws Exception;

    /** @return a user id the model was trained with */
    protected abstract long knownUser();

    /** @return an item the known user has interacted with */
    protected abstract long seenItemOfKnownUser();

    /** @return a user id the model has never seen */
    protected long unknownUser() {
        return 987_654_321_987L;
    }

    @BeforeEach
    void setUpRecommender() throws Exception {
        recommender = createRecommender();
    }

    @Test
    void recommend_returnsAtMostKDistinctItemsBestFirst() {
        List<ScoredItem> items = recommender.recommend(knownUser(), 5);
        assertThat(items).isNotNull().hasSizeLessThanOrEqualTo(5).isNotEmpty();
        assertThat(items.stream().map(ScoredItem::itemId).distinct().count()).isEqualTo(items.size());
        for (int i = 1; i < items.size(); i++) {
            assertThat(items.get(i - 1).score()).isGreaterThanOrEqualTo(items.get(i).score());
        }
    }

    @Test
    void recommend_leavesOutSeenItemsByDefault() {
        int all = recommender.itemCount();
        List<ScoredItem> items = recommender.recommend(knownUser(), all);
        assertThat(items).extracting(ScoredItem::itemId).doesNotContain(seenItemOfKnownUser());
    }

    @Test
    void recommend_keepsSeenItemsWhenAskedTo() {
        int all = recommender.itemCount();
        List<ScoredItem> items = recommender.recommend(knownUser(), all, Exclusions.none());
        assertThat(items).extracting(ScoredItem::itemId).contains(seenItemOfKnownUser());
        assertThat(items).hasSize(all);
    }

    @Test
    void recommend_leavesOutExplicitExclusions() {
        List<ScoredItem> first = recommender.recommend(knownUser(), 3);
        long top = first.get(0).itemId();
        List<ScoredItem> again = recommender.recommend(knownUser(), 3, Exclusions.of(true, top));
        assertThat(again).extracting(ScoredItem::itemId).doesNotContain(top);
    }

    @Test
    void recommend_unknownUserGetsPopularItemsNeverNull() {
        assertThat(recommender.knowsUser(unknownUser())).isFalse();
        List<ScoredItem> items = recommender.recommend(unknownUser(), 5);
        assertThat(items).isNotNull().isNotEmpty().hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void recommend_knowsTrainedUser() {
        assertThat(recommender.knowsUser(knownUser())).isTrue();
    }

    @Test
    void recommend_rejectsKBelowOne() {
        assertThatThrownBy(() -> recommender.recommend(knownUser(), 0))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("k");
        assertThatThrownBy(() -> recommender.recommend(knownUser(), -3))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void recommend_kLargerThanCatalogReturnsWholeCatalogAtMost() {
        List<ScoredItem> items = recommender.recommend(knownUser(), Integer.MAX_VALUE / 2, Exclusions.none());
        assertThat(items).hasSize(recommender.itemCount());
    }

    @Test
    void recommend_isDeterministicAndThreadSafe() throws Exception {
        List<ScoredItem> expected = recommender.recommend(knownUser(), 10);
        var pool = Executors.newFixedThreadPool(4);
        try {
            var tasks = new ArrayList<Callable<List<ScoredItem>>>();
            for (int i = 0; i < 200; i++) {
                tasks.add(() -> recommender.recommend(knownUser(), 10));
            }
            var seen = new HashSet<List<ScoredItem>>();
            for (Future<List<ScoredItem>> f : pool.invokeAll(tasks)) {
                seen.add(f.get());
            }
            assertThat(seen).containsExactly(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void info_namesModelAndVersion() {
        assertThat(recommender.info()).isNotNull();
        assertThat(recommender.info().modelName()).isNotBlank();
        assertThat(recommender.info().version()).isNotNull();
    }
}
