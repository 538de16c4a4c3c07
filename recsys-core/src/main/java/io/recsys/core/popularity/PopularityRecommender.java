package io.recsys.core.popularity;

import io.recsys.core.Exclusions;
import io.recsys.core.InvalidRequestException;
import io.recsys.core.ModelInfo;
import io.recsys.core.Recommender;
import io.recsys.core.ScoredItem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recommends the most interacted-with items, leaving out what the user has seen: the baseline
 * every learned model is compared with, and the answer for users a model does not know.
 * Immutable and thread-safe.
 */
public final class PopularityRecommender implements Recommender {
    private final ModelInfo info;
    private final long[] rankedItems;
    private final long[] rankedCounts;
    private final Map<Long, long[]> seenByUser;
    private final io.recsys.core.TrainingProfile profile;

    /**
     * @param info identity of this model version
     * @param users user id of each interaction
     * @param items item id of each interaction (same length as {@code users})
     * @return the model
     */
    public static PopularityRecommender fromInteractions(ModelInfo info, long[] users, long[] items) {
        if (users.length != items.length) {
            throw new IllegalArgumentException("users and items differ in length: " + users.length + " vs " + items.length);
        }
        var counts = new HashMap<Long, Long>();
        var seen = new HashMap<Long, List<Long>>();
        for (int i = 0; i < users.length; i++) {
            counts.merge(items[i], 1L, Long::sum);
            seen.computeIfAbsent(users[i], u -> new ArrayList<>()).add(items[i]);
        }
        long[] ids = new long[counts.size()];
        long[] cnt = new long[counts.size()];
        int n = 0;
        for (var e : counts.entrySet()) {
            ids[n] = e.getKey();
            cnt[n] = e.getValue();
            n++;
        }
        var seenArrays = new HashMap<Long, long[]>();
        seen.forEach((u, list) -> seenArrays.put(u, list.stream().mapToLong(Long::longValue).distinct().sorted().toArray()));
        return new PopularityRecommender(info, ids, cnt, seenArrays);
    }

    PopularityRecommender(ModelInfo info, long[] itemIds, long[] counts, Map<Long, long[]> seenByUser) {
        this.info = info;
        Integer[] order = new Integer[itemIds.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Most popular first; ties broken by the smaller item id so the ranking is deterministic.
        Arrays.sort(order, (a, b) -> counts[a] != counts[b] ? Long.compare(counts[b], counts[a]) : Long.compare(itemIds[a], itemIds[b]));
        this.rankedItems = new long[order.length];
        this.rankedCounts = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            rankedItems[i] = itemIds[order[i]];
            rankedCounts[i] = counts[order[i]];
        }
        this.seenByUser = Map.copyOf(seenByUser);
        this.profile = new Profile();
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
        long[] seen = exclusions.excludeSeen() ? seenByUser.get(userId) : null;
        var out = new ArrayList<ScoredItem>(Math.min(k, rankedItems.length));
        for (int i = 0; i < rankedItems.length && out.size() < k; i++) {
            long item = rankedItems[i];
            if ((seen != null && Arrays.binarySearch(seen, item) >= 0) || exclusions.excludesItem(item)) {
                continue;
            }
            out.add(new ScoredItem(item, rankedCounts[i]));
        }
        return out;
    }

    @Override
    public java.util.Optional<io.recsys.core.TrainingProfile> trainingProfile() {
        return java.util.Optional.of(profile);
    }

    @Override
    public boolean knowsUser(long userId) {
        return seenByUser.containsKey(userId);
    }

    @Override
    public int itemCount() {
        return rankedItems.length;
    }

    /** @return item ids, most popular first (a copy) */
    public long[] rankedItems() {
        return rankedItems.clone();
    }

    /** @return interaction counts aligned with {@link #rankedItems()} (a copy) */
    public long[] rankedCounts() {
        return rankedCounts.clone();
    }

    Map<Long, long[]> seenByUser() {
        return seenByUser;
    }

    /** Activity from the seen lists, popularity from the counts. */
    private final class Profile implements io.recsys.core.TrainingProfile {
        private final Map<Long, Long> countByItem = new java.util.HashMap<>();

        Profile() {
            for (int i = 0; i < rankedItems.length; i++) {
                countByItem.put(rankedItems[i], rankedCounts[i]);
            }
        }

        @Override
        public long[] userActivity() {
            return seenByUser.values().stream().mapToLong(a -> a.length).toArray();
        }

        @Override
        public long[] itemPopularity() {
            return rankedCounts.clone();
        }

        @Override
        public double userActivity(long userId) {
            long[] seen = seenByUser.get(userId);
            return seen == null ? Double.NaN : seen.length;
        }

        @Override
        public double itemPopularity(long itemId) {
            Long c = countByItem.get(itemId);
            return c == null ? Double.NaN : c;
        }
    }
}
