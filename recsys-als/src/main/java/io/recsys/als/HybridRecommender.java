package io.recsys.als;

import io.recsys.core.Exclusions;
import io.recsys.core.InvalidRequestException;
import io.recsys.core.ModelInfo;
import io.recsys.core.Recommender;
import io.recsys.core.ScoredItem;
import io.recsys.core.TrainingProfile;
import io.recsys.core.event.UserEvent;
import io.recsys.core.foldin.FoldIn;
import io.recsys.core.foldin.UserState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves the sequence-aware hybrid ({@code model_name = "als-seq"}): for a known user with recent
 * items {@code r_1..r_m} (oldest first),
 * <pre>
 *   trans(i) = sum_j decay^(m - j) * T[r_j][i]          (T: the next-item table)
 *   score(i) = trans(i) / max trans + blend * als(i) / max als + 1e-4 * pop(i) / max pop
 * </pre>
 * where {@code als(i) = x_u . y_i} (the term is dropped when no ALS score is positive) and the
 * tiny popularity term orders items the two other terms tie on. Seen items are left out as with
 * ALS; unknown users get the most popular items. {@link #drivers} says which recent items pushed
 * an item up. Thread-safe: per-thread scratch buffers.
 *
 * <p>With a live state ({@link FoldIn}) the ALS term uses the folded-in vector and the recent items
 * are the live events, latest first, followed by the training ones (up to the same count), so the
 * next answer follows the last click; live items count as seen.
 */
public final class HybridRecommender implements Recommender, ItemScores, FoldIn {
    private static final float POPULARITY_WEIGHT = 1e-4f;

    private final ModelInfo info;
    private final AlsRecommender als;
    private final SequenceTables tables;
    private final SequenceHyperparameters hp;
    private final float maxPopularity;
    private final ThreadLocal<Scratch> scratch;

    /**
     * @param info the identity this recommender reports
     * @param als the ALS part (same user and item indices as the tables)
     * @param tables the next-item and recent-items tables
     * @param hp the blend parameters
     * @throws IllegalArgumentException when the tables do not match the ALS model's shape
     */
    public HybridRecommender(ModelInfo info, AlsRecommender als, SequenceTables tables, SequenceHyperparameters hp) {
        this.info = Objects.requireNonNull(info, "info");
        this.als = Objects.requireNonNull(als, "als");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.hp = Objects.requireNonNull(hp, "hp");
        int items = als.itemCount();
        if (tables.itemCount() != items || tables.userCount() != als.userCount()) {
            throw new IllegalArgumentException("sequence tables cover " + tables.itemCount() + " items and "
                    + tables.userCount() + " users, the ALS model " + items + " and " + als.userCount());
        }
        for (int v : tables.transitionItems()) {
            checkIndex(v, items);
        }
        for (int v : tables.recentItems()) {
            checkIndex(v, items);
        }
        long max = 1;
        for (int i = 0; i < items; i++) {
            max = Math.max(max, als.popularity(i));
        }
        this.maxPopularity = max;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(items));
    }

    private static void checkIndex(int index, int items) {
        if (index < 0 || index >= items) {
            throw new IllegalArgumentException("sequence table item index " + index + " outside [0, " + items + ")");
        }
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public List<ScoredItem> recommend(long userId, int k, Exclusions exclusions) {
        if (k < 1) {
            throw new InvalidRequestException("k must be at least 1, got " + k);
        }
        Objects.requireNonNull(exclusions, "exclusions");
        int user = als.userIndex(userId);
        if (user < 0) {
            return als.popularItems(k, exclusions);
        }
        Scratch s = scratch.get();
        float[] scores = s.scores;
        blend(user, scores);
        if (exclusions.excludeSeen()) {
            boolean[] excluded = s.excluded;
            als.forEachSeen(user, i -> excluded[i] = true);
        }
        return top(k, exclusions, scores, s);
    }

    @Override
    public UserState foldIn(long userId, UserState previous, UserEvent event) {
        return als.foldIn(userId, previous, event);
    }

    @Override
    public List<ScoredItem> recommend(long userId, UserState state, int k, Exclusions exclusions) {
        if (k < 1) {
            throw new InvalidRequestException("k must be at least 1, got " + k);
        }
        Objects.requireNonNull(exclusions, "exclusions");
        if (state.factors() != als.factors()) {
            throw new IllegalArgumentException("state has " + state.factors() + " factors, the model " + als.factors());
        }
        int user = als.userIndex(userId);
        Scratch s = scratch.get();
        float[] scores = s.scores;
        float[] trans = s.transitions;
        float maxTrans = liveTransitions(user, state, trans);
        float[] vector = state.vector();
        als.scoreVector(vector, scores);
        combine(scores, trans, maxTrans);
        boolean[] excluded = s.excluded;
        if (exclusions.excludeSeen()) {
            if (user >= 0) {
                als.forEachSeen(user, i -> excluded[i] = true);
            }
            for (int q = 0; q < state.size(); q++) {
                int i = als.itemIndex(state.itemAt(q));
                if (i >= 0) {
                    excluded[i] = true;
                }
            }
        }
        return top(k, exclusions, scores, s);
    }

    /** Transition scores from the live items (latest first), then the training recent items, up to the same count. */
    private float liveTransitions(int user, UserState state, float[] trans) {
        int budget = hp.recentItems();
        float max = 0f;
        float w = 1f;
        for (int q = state.size() - 1; q >= 0 && budget > 0; q--, budget--) {
            int a = als.itemIndex(state.itemAt(q));
            if (a >= 0) {
                max = addSuccessors(a, w, trans, max);
            }
            w *= (float) hp.recentDecay();
        }
        if (user >= 0) {
            int[] recentPtr = tables.recentIndptr();
            int[] recent = tables.recentItems();
            for (int q = recentPtr[user + 1] - 1; q >= recentPtr[user] && budget > 0; q--, budget--) {
                int a = recent[q];
                max = addSuccessors(a, w, trans, max);
                w *= (float) hp.recentDecay();
            }
        }
        return max;
    }

    /** out = trans / max trans + blend * out / max out + popularity tie-break; clears {@code trans}. */
    private void combine(float[] out, float[] trans, float maxTrans) {
        float maxAls = 0f;
        for (float v : out) {
            maxAls = Math.max(maxAls, v);
        }
        float alsScale = maxAls > 0 ? (float) hp.blend() / maxAls : 0f;
        float transScale = maxTrans > 0 ? 1f / maxTrans : 0f;
        float popScale = POPULARITY_WEIGHT / maxPopularity;
        for (int i = 0; i < out.length; i++) {
            out[i] = trans[i] * transScale + out[i] * alsScale + als.popularity(i) * popScale;
        }
        Arrays.fill(trans, 0f);
    }

    /** The best {@code k} of {@code scores} not marked in the scratch's exclusions (explicit ones added here). */
    private List<ScoredItem> top(int k, Exclusions exclusions, float[] scores, Scratch s) {
        boolean[] excluded = s.excluded;
        if (exclusions.hasItems()) {
            exclusions.forEachItem(id -> {
                int i = als.itemIndex(id);
                if (i >= 0) {
                    excluded[i] = true;
                }
            });
        }
        TopK top = s.top;
        int items = scores.length;
        top.reset(Math.min(k, items));
        for (int i = 0; i < items; i++) {
            float score = scores[i];
            if (!excluded[i] && (score > top.threshold() || top.size() < Math.min(k, items))) {
                top.offer(score, i);
            }
        }
        Arrays.fill(excluded, false);
        int count = top.size();
        float[] outScores = new float[count];
        int[] outIndices = new int[count];
        top.drainSorted(outScores, outIndices);
        var result = new ArrayList<ScoredItem>(count);
        for (int q = 0; q < count; q++) {
            result.add(new ScoredItem(als.itemIds().id(outIndices[q]), outScores[q]));
        }
        return result;
    }

    /** Writes the blended score of every item for user index {@code user} into {@code out}. */
    private void blend(int user, float[] out) {
        Scratch s = scratch.get();
        float[] trans = s.transitions;
        float maxTrans = transitions(user, trans);
        als.scoreUser(user, out);
        float maxAls = 0f;
        for (float v : out) {
            maxAls = Math.max(maxAls, v);
        }
        float alsScale = maxAls > 0 ? (float) hp.blend() / maxAls : 0f;
        float transScale = maxTrans > 0 ? 1f / maxTrans : 0f;
        float popScale = POPULARITY_WEIGHT / maxPopularity;
        for (int i = 0; i < out.length; i++) {
            out[i] = trans[i] * transScale + out[i] * alsScale + als.popularity(i) * popScale;
        }
        Arrays.fill(trans, 0f);
    }

    /** Adds weight {@code w} times item index {@code a}'s successor weights into {@code trans}; returns the new maximum. */
    private float addSuccessors(int a, float w, float[] trans, float max) {
        int[] ptr = tables.transitionIndptr();
        int[] next = tables.transitionItems();
        float[] weight = tables.transitionWeights();
        for (int p = ptr[a]; p < ptr[a + 1]; p++) {
            float v = trans[next[p]] + w * weight[p];
            trans[next[p]] = v;
            max = Math.max(max, v);
        }
        return max;
    }

    /** Accumulates the transition scores of user index {@code user} into {@code trans}; returns their maximum. */
    private float transitions(int user, float[] trans) {
        int[] recentPtr = tables.recentIndptr();
        int[] recent = tables.recentItems();
        int from = recentPtr[user];
        int to = recentPtr[user + 1];
        float max = 0f;
        float w = 1f;
        for (int q = to - 1; q >= from; q--) {
            int a = recent[q];
            max = addSuccessors(a, w, trans, max);
            w *= (float) hp.recentDecay();
        }
        return max;
    }

    /**
     * Explains a recommendation: which of the user's recent items led to {@code itemId} through the
     * next-item table, and how much each contributed to the (unnormalised) transition score.
     *
     * @param userId the user
     * @param itemId the recommended item
     * @return the recent items with their contributions, largest first; empty when the user or
     *     item is unknown or no recent item leads to it
     */
    public List<ScoredItem> drivers(long userId, long itemId) {
        int user = als.userIndex(userId);
        int item = als.itemIndex(itemId);
        if (user < 0 || item < 0) {
            return List.of();
        }
        int[] recentPtr = tables.recentIndptr();
        int[] recent = tables.recentItems();
        int[] ptr = tables.transitionIndptr();
        int[] next = tables.transitionItems();
        float[] weight = tables.transitionWeights();
        var out = new ArrayList<ScoredItem>();
        float w = 1f;
        for (int q = recentPtr[user + 1] - 1; q >= recentPtr[user]; q--) {
            int a = recent[q];
            for (int p = ptr[a]; p < ptr[a + 1]; p++) {
                if (next[p] == item) {
                    out.add(new ScoredItem(als.itemIds().id(a), w * weight[p]));
                }
            }
            w *= (float) hp.recentDecay();
        }
        out.sort((x, y) -> Double.compare(y.score(), x.score()));
        return out;
    }

    /**
     * @param userId a user
     * @return the user's recent items kept for the transition score, latest first; empty when unknown
     */
    public List<Long> recentItems(long userId) {
        int user = als.userIndex(userId);
        if (user < 0) {
            return List.of();
        }
        var out = new ArrayList<Long>();
        for (int q = tables.recentIndptr()[user + 1] - 1; q >= tables.recentIndptr()[user]; q--) {
            out.add(als.itemIds().id(tables.recentItems()[q]));
        }
        return out;
    }

    @Override
    public int itemIndex(long itemId) {
        return als.itemIndex(itemId);
    }

    @Override
    public boolean scoreAll(long userId, float[] out) {
        int user = als.userIndex(userId);
        if (user < 0) {
            return false;
        }
        float[] scores = scratch.get().scores;
        blend(user, scores);
        System.arraycopy(scores, 0, out, 0, scores.length);
        return true;
    }

    /** @return the blend parameters */
    public SequenceHyperparameters hyperparameters() {
        return hp;
    }

    @Override
    public boolean knowsUser(long userId) {
        return als.knowsUser(userId);
    }

    @Override
    public int itemCount() {
        return als.itemCount();
    }

    @Override
    public Optional<TrainingProfile> trainingProfile() {
        return als.trainingProfile();
    }

    @Override
    public void close() {
        als.close();
    }

    /** Per-thread buffers, one slot per item. */
    private static final class Scratch {
        final float[] scores;
        final float[] transitions;
        final boolean[] excluded;
        final TopK top = new TopK();

        Scratch(int items) {
            scores = new float[items];
            transitions = new float[items];
            excluded = new boolean[items];
        }
    }
}
