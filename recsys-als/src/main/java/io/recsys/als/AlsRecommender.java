package io.recsys.als;

import io.recsys.als.data.IdIndex;
import io.recsys.core.Exclusions;
import io.recsys.core.InvalidRequestException;
import io.recsys.core.ModelInfo;
import io.recsys.core.Recommender;
import io.recsys.core.ScoredItem;
import io.recsys.core.event.UserEvent;
import io.recsys.core.foldin.FoldIn;
import io.recsys.core.foldin.UserState;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Serves an ALS model: a user's score for an item is {@code x_u . y_i}; {@link #recommend} scores
 * every item and returns the best {@code k}, best first, ties broken by the item's position in the
 * model (for trained models, the smaller item id). Seen items are left out unless the exclusions say
 * otherwise; a user the model does not know gets the most popular items (score = interaction
 * count), never null.
 *
 * <p>The scan reads the item factors in a blocked, vectorisable layout and keeps the top K in a
 * bounded heap with a cached threshold (see {@code ItemBlocks} and {@code TopK}). User factors and
 * seen items may live in memory-mapped files (only one row is read per request). Thread-safe and
 * lock-free: per-thread scratch buffers, no allocation per item.
 *
 * <p>Live events fold into a user's vector through {@link FoldIn} (see {@link FoldInSettings} for
 * the rule): the training's confidence weighting and regularisation, solved against the frozen
 * item factors, for known and unknown users.
 */
public final class AlsRecommender implements Recommender, ItemScores, FoldIn {
    private final ModelInfo info;
    private final IdIndex users;
    private final IdIndex items;
    private final int factors;
    private final FloatBuffer userFactors;
    private final ItemBlocks itemBlocks;
    private final LongBuffer seenIndptr;
    private final IntBuffer seenIndices;
    private final int[] popularOrder;
    private final long[] popularity;
    private final ThreadLocal<Scratch> scratch;
    private final java.util.Optional<io.recsys.core.TrainingProfile> profile;
    private final AlsFoldIn foldIn;
    /** The 8-bit candidate scan or the HNSW graph, or null for the plain float scan. */
    private final TopKSearch search;

    AlsRecommender(ModelInfo info, IdIndex users, IdIndex items, int factors, FloatBuffer userFactors,
                   FloatBuffer itemFactors, LongBuffer seenIndptr, IntBuffer seenIndices, long[] popularity,
                   float[] seenWeights, FoldInSettings foldInSettings, TopKSearch search) {
        this.search = search;
        this.info = Objects.requireNonNull(info, "info");
        this.users = users;
        this.items = items;
        this.factors = factors;
        this.userFactors = userFactors;
        // The bounded scan re-scores from the plain scan's tiles: share them rather than hold two copies.
        this.itemBlocks = search instanceof BoundedScan bounded ? bounded.blocks()
                : new ItemBlocks(itemFactors, items.size(), factors);
        this.seenIndptr = seenIndptr;
        this.seenIndices = seenIndices;
        this.popularity = popularity.clone();
        this.popularOrder = popularOrder(items, this.popularity);
        int n = items.size();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(factors, n));
        this.profile = java.util.Optional.of(new CsrTrainingProfile(users, items, seenIndptr, this.popularity));
        this.foldIn = new AlsFoldIn(Objects.requireNonNull(foldInSettings, "foldInSettings"), users, items, factors,
                userFactors, itemBlocks, seenIndptr, seenIndices, seenWeights);
    }

    private static int[] popularOrder(IdIndex items, long[] counts) {
        Integer[] order = new Integer[counts.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> counts[a] != counts[b] ? Long.compare(counts[b], counts[a])
                : Long.compare(items.id(a), items.id(b)));
        int[] out = new int[order.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = order[i];
        }
        return out;
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
        int user = users.indexOf(userId);
        if (user < 0) {
            return popular(k, exclusions);
        }
        Scratch s = scratch.get();
        userFactors.get(user * factors, s.user, 0, factors);
        boolean filtered = markExclusions(user, exclusions, s.excluded);
        int n = Math.min(k, items.size());
        TopK top = s.top;
        top.reset(n);
        select(s, n, filtered);
        if (filtered) {
            clearExclusions(user, exclusions, s.excluded);
        }
        return drain(s);
    }

    /** The top {@code n} for the vector in {@code s.user}: the version's search, or the exact scan. */
    private void select(Scratch s, int n, boolean filtered) {
        if (search != null) {
            search.select(s.user, n, s.excluded, filtered, s.top);
        } else {
            scan(s, filtered);
        }
    }

    private List<ScoredItem> drain(Scratch s) {
        int count = s.top.size();
        if (s.outScores.length < count) {
            s.outScores = new float[count];
            s.outIndices = new int[count];
        }
        s.top.drainSorted(s.outScores, s.outIndices);
        var result = new ArrayList<ScoredItem>(count);
        for (int q = 0; q < count; q++) {
            result.add(new ScoredItem(items.id(s.outIndices[q]), s.outScores[q]));
        }
        return result;
    }

    /** The hot loop: score a block, then only items above the cached threshold touch the heap. */
    private void scan(Scratch s, boolean filtered) {
        final ItemBlocks blocks = itemBlocks;
        final float[] block = s.block;
        final float[] u = s.user;
        final long[] excluded = s.excluded;
        final TopK top = s.top;
        final int nItems = blocks.items;
        float threshold = top.threshold();
        for (int b = 0; b < blocks.blocks; b++) {
            blocks.score(b, u, block);
            int base = b * ItemBlocks.BLOCK;
            int limit = Math.min(ItemBlocks.BLOCK, nItems - base);
            for (int q = 0; q < limit; q++) {
                float score = block[q];
                if (score > threshold || (threshold == Float.NEGATIVE_INFINITY && !Float.isNaN(score))) {
                    int index = base + q;
                    if (filtered && (excluded[index >>> 6] & (1L << index)) != 0) {
                        continue;
                    }
                    top.offer(score, index);
                    threshold = top.threshold();
                }
            }
        }
    }

    private boolean markExclusions(int user, Exclusions exclusions, long[] bits) {
        boolean any = false;
        if (exclusions.excludeSeen() && seenIndptr != null) {
            int from = (int) seenIndptr.get(user);
            int to = (int) seenIndptr.get(user + 1);
            for (int p = from; p < to; p++) {
                int index = seenIndices.get(p);
                bits[index >>> 6] |= 1L << index;
                any = true;
            }
        }
        if (exclusions.hasItems()) {
            boolean[] marked = {false};
            exclusions.forEachItem(id -> {
                int index = items.indexOf(id);
                if (index >= 0) {
                    bits[index >>> 6] |= 1L << index;
                    marked[0] = true;
                }
            });
            any |= marked[0];
        }
        return any;
    }

    private void clearExclusions(int user, Exclusions exclusions, long[] bits) {
        if (exclusions.hasItems()) {
            Arrays.fill(bits, 0L);
            return;
        }
        int from = (int) seenIndptr.get(user);
        int to = (int) seenIndptr.get(user + 1);
        for (int p = from; p < to; p++) {
            int index = seenIndices.get(p);
            bits[index >>> 6] &= ~(1L << index);
        }
    }

    private List<ScoredItem> popular(int k, Exclusions exclusions) {
        int n = Math.min(k, popularOrder.length);
        var result = new ArrayList<ScoredItem>(n);
        for (int q = 0; q < popularOrder.length && result.size() < k; q++) {
            int i = popularOrder[q];
            long id = items.id(i);
            if (!exclusions.excludesItem(id)) {
                result.add(new ScoredItem(id, popularity[i]));
            }
        }
        return result;
    }

    @Override
    public java.util.Optional<io.recsys.core.TrainingProfile> trainingProfile() {
        return profile;
    }

    @Override
    public boolean knowsUser(long userId) {
        return users.indexOf(userId) >= 0;
    }

    @Override
    public int itemCount() {
        return items.size();
    }

    @Override
    public int itemIndex(long itemId) {
        return items.indexOf(itemId);
    }

    @Override
    public boolean scoreAll(long userId, float[] out) {
        int user = users.indexOf(userId);
        if (user < 0) {
            return false;
        }
        scoreUser(user, out);
        return true;
    }

    @Override
    public UserState foldIn(long userId, UserState previous, UserEvent event) {
        Objects.requireNonNull(event, "event");
        return foldIn.foldIn(userId, previous, event);
    }

    @Override
    public List<ScoredItem> recommend(long userId, UserState state, int k, Exclusions exclusions) {
        if (k < 1) {
            throw new InvalidRequestException("k must be at least 1, got " + k);
        }
        Objects.requireNonNull(exclusions, "exclusions");
        if (state.factors() != factors) {
            throw new IllegalArgumentException("state has " + state.factors() + " factors, the model " + factors);
        }
        int user = users.indexOf(userId);
        Scratch s = scratch.get();
        state.copyVector(s.user);
        long[] bits = s.excluded;
        boolean filtered = user >= 0 ? markExclusions(user, exclusions, bits) : false;
        if (user < 0 && exclusions.hasItems()) {
            exclusions.forEachItem(id -> {
                int index = items.indexOf(id);
                if (index >= 0) {
                    bits[index >>> 6] |= 1L << index;
                }
            });
            filtered = true;
        }
        if (exclusions.excludeSeen()) {
            for (int q = 0; q < state.size(); q++) {
                int index = items.indexOf(state.itemAt(q));
                if (index >= 0) {
                    bits[index >>> 6] |= 1L << index;
                    filtered = true;
                }
            }
        }
        int n = Math.min(k, items.size());
        s.top.reset(n);
        select(s, n, filtered);
        if (filtered) {
            Arrays.fill(bits, 0L);
        }
        return drain(s);
    }

    /** @return how live events are folded into user vectors */
    public FoldInSettings foldInSettings() {
        return foldIn.settings();
    }

    /** Writes {@code v . y_i} for every item into {@code out[0..items)} (the hybrid's ALS term for a live vector). */
    void scoreVector(float[] v, float[] out) {
        Scratch s = scratch.get();
        int nItems = itemBlocks.items;
        for (int b = 0; b < itemBlocks.blocks; b++) {
            itemBlocks.score(b, v, s.block);
            int base = b * ItemBlocks.BLOCK;
            System.arraycopy(s.block, 0, out, base, Math.min(ItemBlocks.BLOCK, nItems - base));
        }
    }

    /** @return the item factors in the plain scan's layout */
    ItemBlocks itemBlocks() {
        return itemBlocks;
    }

    /** @return the 8-bit, HNSW or bounded search the top K goes through, or null for the plain scan */
    TopKSearch search() {
        return search;
    }

    /** @return the number of latent factors */
    public int factors() {
        return factors;
    }

    /** @return the number of users with factors */
    public int userCount() {
        return users.size();
    }

    // Package-private access for the hybrid scorer (same package, no copies).

    /** @return the user's index, or -1 */
    int userIndex(long userId) {
        return users.indexOf(userId);
    }

    /** @return the item ids, by index */
    IdIndex itemIds() {
        return items;
    }

    /** @return the user ids, by index */
    IdIndex userIds() {
        return users;
    }

    /** @return the training interaction count of item {@code index} */
    long popularity(int index) {
        return popularity[index];
    }

    /** Writes {@code x_u . y_i} of user index {@code user} for every item into {@code out[0..items)}. */
    void scoreUser(int user, float[] out) {
        Scratch s = scratch.get();
        userFactors.get(user * factors, s.user, 0, factors);
        int nItems = itemBlocks.items;
        for (int b = 0; b < itemBlocks.blocks; b++) {
            itemBlocks.score(b, s.user, s.block);
            int base = b * ItemBlocks.BLOCK;
            System.arraycopy(s.block, 0, out, base, Math.min(ItemBlocks.BLOCK, nItems - base));
        }
    }

    /** Calls {@code action} with each item index user index {@code user} saw in training. */
    void forEachSeen(int user, java.util.function.IntConsumer action) {
        if (seenIndptr == null) {
            return;
        }
        int to = (int) seenIndptr.get(user + 1);
        for (int p = (int) seenIndptr.get(user); p < to; p++) {
            action.accept(seenIndices.get(p));
        }
    }

    /** Recommendations for an unknown user: the most popular items. */
    List<ScoredItem> popularItems(int k, Exclusions exclusions) {
        return popular(k, exclusions);
    }

    /** Per-thread buffers: the user's vector, one block of scores, the heap, the exclusion bitset. */
    private static final class Scratch {
        final float[] user;
        final float[] block = new float[ItemBlocks.BLOCK];
        final long[] excluded;
        final TopK top = new TopK();
        float[] outScores = new float[16];
        int[] outIndices = new int[16];

        Scratch(int factors, int items) {
            user = new float[factors];
            excluded = new long[(items + 63) >>> 6];
        }
    }
}
