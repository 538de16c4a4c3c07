package io.recsys.als;

import io.recsys.als.data.IdIndex;
import io.recsys.core.TrainingProfile;
import java.nio.LongBuffer;

/**
 * A loaded ALS version's training profile, for drift monitoring: user activity from the seen-item
 * CSR's row lengths, item popularity from the item interaction counts. Reads the model's arrays,
 * copies on the bulk getters.
 */
final class CsrTrainingProfile implements TrainingProfile {
    private final IdIndex users;
    private final IdIndex items;
    private final LongBuffer seenIndptr;
    private final long[] popularity;

    /**
     * @param users the user ids
     * @param items the item ids
     * @param seenIndptr the seen-item CSR's row pointers, or null when the version has none
     * @param popularity each item's training interaction count (not copied)
     */
    CsrTrainingProfile(IdIndex users, IdIndex items, LongBuffer seenIndptr, long[] popularity) {
        this.users = users;
        this.items = items;
        this.seenIndptr = seenIndptr;
        this.popularity = popularity;
    }

    @Override
    public long[] userActivity() {
        long[] activity = new long[users.size()];
        if (seenIndptr != null) {
            for (int u = 0; u < activity.length; u++) {
                activity[u] = seenIndptr.get(u + 1) - seenIndptr.get(u);
            }
        }
        return activity;
    }

    @Override
    public long[] itemPopularity() {
        return popularity.clone();
    }

    @Override
    public double userActivity(long userId) {
        int u = users.indexOf(userId);
        return u < 0 ? Double.NaN : seenIndptr == null ? 0 : seenIndptr.get(u + 1) - seenIndptr.get(u);
    }

    @Override
    public double itemPopularity(long itemId) {
        int i = items.indexOf(itemId);
        return i < 0 ? Double.NaN : popularity[i];
    }
}
