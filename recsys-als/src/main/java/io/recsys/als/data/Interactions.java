package io.recsys.als.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * User-item interactions in compact form: a user-major {@link CsrMatrix} (rows are user indices,
 * columns item indices, values the rating or count, optional timestamps), its item-major
 * transpose, and the {@link IdIndex} mappings between the original {@code long} ids and the
 * dense {@code int} indices. At most one entry per (user, item) pair. Immutable and thread-safe.
 */
public final class Interactions {
    private final IdIndex users;
    private final IdIndex items;
    private final CsrMatrix byUser;
    private final long duplicatesMerged;
    private volatile CsrMatrix byItem;

    private Interactions(IdIndex users, IdIndex items, CsrMatrix byUser, long duplicatesMerged) {
        this.users = users;
        this.items = items;
        this.byUser = byUser;
        this.duplicatesMerged = duplicatesMerged;
    }

    /**
     * Wraps an existing user-major matrix.
     *
     * @param users user ids, one per row
     * @param items item ids, one per column
     * @param byUser the user-major matrix
     * @return the interactions
     * @throws IllegalArgumentException when the shapes disagree
     */
    public static Interactions of(IdIndex users, IdIndex items, CsrMatrix byUser) {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(items, "items");
        if (byUser.rows() != users.size() || byUser.cols() != items.size()) {
            throw new IllegalArgumentException("matrix is " + byUser.rows() + "x" + byUser.cols()
                    + " but there are " + users.size() + " users and " + items.size() + " items");
        }
        return new Interactions(users, items, byUser, 0);
    }

    /** @return a builder that collects interactions one by one */
    public static Builder builder() {
        return new Builder();
    }

    /** @return user ids, indexed by row */
    public IdIndex users() {
        return users;
    }

    /** @return item ids, indexed by column */
    public IdIndex items() {
        return items;
    }

    /** @return the number of users */
    public int userCount() {
        return users.size();
    }

    /** @return the number of items */
    public int itemCount() {
        return items.size();
    }

    /** @return the number of (user, item) entries */
    public int size() {
        return byUser.nnz();
    }

    /** @return whether entries carry timestamps */
    public boolean hasTimestamps() {
        return byUser.hasTimestamps();
    }

    /** @return how many input rows repeated an earlier (user, item) pair and were merged into it */
    public long duplicatesMerged() {
        return duplicatesMerged;
    }

    /** @return the user-major matrix (rows = users) */
    public CsrMatrix byUser() {
        return byUser;
    }

    /** @return the item-major matrix (rows = items), computed once on first use */
    public CsrMatrix byItem() {
        CsrMatrix t = byItem;
        if (t == null) {
            t = byUser.transpose();
            byItem = t;
        }
        return t;
    }

    /** @return the number of interactions of each item, by item index */
    public long[] itemCounts() {
        long[] counts = new long[items.size()];
        for (int p = 0; p < byUser.nnz(); p++) {
            counts[byUser.column(p)]++;
        }
        return counts;
    }

    @Override
    public String toString() {
        return "Interactions[users=" + users.size() + ", items=" + items.size() + ", entries=" + byUser.nnz() + "]";
    }

    /**
     * Collects interactions. When a (user, item) pair repeats, the latest one is kept: the larger
     * timestamp, or on equal (or absent) timestamps the one added last. Users and items are indexed
     * in ascending id order. Not thread-safe.
     */
    public static final class Builder {
        private long[] userIds = new long[1024];
        private long[] itemIds = new long[1024];
        private float[] values = new float[1024];
        private long[] timestamps = new long[1024];
        private boolean allTimestamped = true;
        private int n;

        private Builder() {
        }

        /**
         * Adds an interaction without a timestamp (the result then has no timestamps at all).
         *
         * @param user user id
         * @param item item id
         * @param value rating or count
         * @return this builder
         */
        public Builder add(long user, long item, float value) {
            allTimestamped = false;
            return add(user, item, value, 0L);
        }

        /**
         * Adds an interaction.
         *
         * @param user user id
         * @param item item id
         * @param value rating or count
         * @param timestamp when it happened
         * @return this builder
         */
        public Builder add(long user, long item, float value, long timestamp) {
            if (n == userIds.length) {
                int cap = Math.max(16, n + (n >> 1));
                userIds = Arrays.copyOf(userIds, cap);
                itemIds = Arrays.copyOf(itemIds, cap);
                values = Arrays.copyOf(values, cap);
                timestamps = Arrays.copyOf(timestamps, cap);
            }
            userIds[n] = user;
            itemIds[n] = item;
            values[n] = value;
            timestamps[n] = timestamp;
            n++;
            return this;
        }

        /** @return the number of rows added so far */
        public int added() {
            return n;
        }

        /** @return the interactions */
        public Interactions build() {
            IdIndex users = IdIndex.sortedDistinct(Arrays.copyOf(userIds, n));
            IdIndex items = IdIndex.sortedDistinct(Arrays.copyOf(itemIds, n));
            int[] u = new int[n];
            int[] it = new int[n];
            for (int p = 0; p < n; p++) {
                u[p] = users.indexOf(userIds[p]);
                it[p] = items.indexOf(itemIds[p]);
            }
            // Two stable counting sorts (by item, then by user) give (user, item, insertion) order.
            int[] byItemOrder = countingSort(identity(n), it, items.size());
            int[] order = countingSort(byItemOrder, u, users.size());
            int[] indptr = new int[users.size() + 1];
            int[] indices = new int[n];
            float[] vals = new float[n];
            long[] ts = new long[n];
            int m = 0;
            long merged = 0;
            for (int q = 0; q < n; q++) {
                int p = order[q];
                if (m > 0 && q > 0 && u[order[q - 1]] == u[p] && indices[m - 1] == it[p]) {
                    merged++;
                    if (timestamps[p] >= ts[m - 1]) {
                        vals[m - 1] = values[p];
                        ts[m - 1] = timestamps[p];
                    }
                    continue;
                }
                indices[m] = it[p];
                vals[m] = values[p];
                ts[m] = timestamps[p];
                indptr[u[p] + 1]++;
                m++;
            }
            for (int r = 0; r < users.size(); r++) {
                indptr[r + 1] += indptr[r];
            }
            var matrix = new CsrMatrix(users.size(), items.size(), indptr, Arrays.copyOf(indices, m),
                    Arrays.copyOf(vals, m), allTimestamped ? Arrays.copyOf(ts, m) : null);
            return new Interactions(users, items, matrix, merged);
        }

        private static int[] identity(int n) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = i;
            }
            return a;
        }

        private static int[] countingSort(int[] order, int[] key, int buckets) {
            int[] start = new int[buckets + 1];
            for (int p : order) {
                start[key[p] + 1]++;
            }
            for (int b = 0; b < buckets; b++) {
                start[b + 1] += start[b];
            }
            int[] out = new int[order.length];
            for (int p : order) {
                out[start[key[p]]++] = p;
            }
            return out;
        }
    }
}
