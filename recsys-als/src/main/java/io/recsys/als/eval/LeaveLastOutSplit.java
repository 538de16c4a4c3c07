package io.recsys.als.eval;

import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.Interactions;
import java.util.Arrays;

/**
 * The leave-last-out split: for every user with at least two interactions, the one with the
 * largest timestamp (on a tie, the larger item id) is held out as the test item; everything else
 * is training. Users with a single interaction only train. Duplicates were already merged by
 * {@link Interactions} (the latest kept). The training set keeps the full user and item id
 * spaces, so held-out items stay in the catalogue. Immutable.
 */
public final class LeaveLastOutSplit {
    private final Interactions train;
    private final int[] testUsers;
    private final int[] testItems;

    private LeaveLastOutSplit(Interactions train, int[] testUsers, int[] testItems) {
        this.train = train;
        this.testUsers = testUsers;
        this.testItems = testItems;
    }

    /**
     * @param all every interaction, with timestamps
     * @return the split
     * @throws IllegalArgumentException when the interactions have no timestamps
     */
    public static LeaveLastOutSplit of(Interactions all) {
        if (!all.hasTimestamps()) {
            throw new IllegalArgumentException("leave-last-out needs timestamps");
        }
        CsrMatrix m = all.byUser();
        int users = all.userCount();
        int[] tu = new int[users];
        int[] ti = new int[users];
        int[] heldPos = new int[users];
        int tests = 0;
        for (int u = 0; u < users; u++) {
            int start = m.start(u);
            int end = m.end(u);
            if (end - start < 2) {
                continue;
            }
            int best = start;
            for (int p = start + 1; p < end; p++) {
                long t = m.timestamp(p);
                long bt = m.timestamp(best);
                if (t > bt || (t == bt && all.items().id(m.column(p)) > all.items().id(m.column(best)))) {
                    best = p;
                }
            }
            tu[tests] = u;
            ti[tests] = m.column(best);
            heldPos[tests] = best;
            tests++;
        }
        int nnz = m.nnz() - tests;
        int[] indptr = new int[users + 1];
        int[] indices = new int[nnz];
        float[] values = new float[nnz];
        long[] timestamps = new long[nnz];
        int q = 0;
        int t = 0;
        for (int u = 0; u < users; u++) {
            for (int p = m.start(u); p < m.end(u); p++) {
                if (t < tests && heldPos[t] == p) {
                    t++;
                    continue;
                }
                indices[q] = m.column(p);
                values[q] = m.value(p);
                timestamps[q] = m.timestamp(p);
                q++;
            }
            indptr[u + 1] = q;
        }
        var train = Interactions.of(all.users(), all.items(),
                CsrMatrix.of(users, all.itemCount(), indptr, indices, values, timestamps));
        return new LeaveLastOutSplit(train, Arrays.copyOf(tu, tests), Arrays.copyOf(ti, tests));
    }

    /** @return the training interactions */
    public Interactions train() {
        return train;
    }

    /** @return the number of test users (one held-out item each) */
    public int testCount() {
        return testUsers.length;
    }

    /**
     * @param n a test case, {@code 0 <= n < testCount()}
     * @return its user id
     */
    public long testUserId(int n) {
        return train.users().id(testUsers[n]);
    }

    /**
     * @param n a test case
     * @return its held-out item id
     */
    public long testItemId(int n) {
        return train.items().id(testItems[n]);
    }
}
